/**
 * Sidecar membership over REST: registration (pod start, and whenever the controller answers
 * "unknown sidecar"), heartbeats, deregistration (SIGTERM), and the ops view of sidecars.
 * Sidecar ids are `<namespace>/<podName>`: in paths the slash is percent-encoded (%2F).
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  validateSidecarHeartbeat,
  validateSidecarRegistration,
  type SidecarHeartbeatDto,
  type SidecarRegistrationDto,
} from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { TokenService } from '../auth/token.service';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { ProblemException } from '../common/problem/problem.exception';
import type { SidecarEntity } from '../database/entities';
import { SidecarRegistryService, type RegistrationReceipt } from './sidecar-registry.service';

const MEMBERSHIP = ['ACTIVE', 'LOST', 'DEREGISTERED'];

export function sidecarView(s: SidecarEntity) {
  return {
    sidecarId: s.id,
    podName: s.podName,
    namespace: s.namespace,
    version: s.version,
    applicationEndpoint: s.applicationEndpoint,
    capabilities: s.capabilities,
    status: s.status,
    registeredAt: s.registeredAt.toISOString(),
    lastHeartbeatAt: s.lastHeartbeatAt.toISOString(),
    lostAt: s.lostAt?.toISOString() ?? null,
    connections: s.registration.connections?.map((c) => c.connectionId) ?? [],
  };
}

@Controller('sidecars')
export class SidecarsController {
  constructor(
    private readonly registry: SidecarRegistryService,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @HttpCode(200)
  @RequireRole('sidecar')
  async register(
    @Body(new ContractPipe(validateSidecarRegistration)) body: SidecarRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationReceipt> {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return this.registry.register(body);
  }

  @Post('heartbeat')
  @HttpCode(200)
  @RequireRole('sidecar')
  async heartbeat(
    @Body(new ContractPipe(validateSidecarHeartbeat)) body: SidecarHeartbeatDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ ttlMs: number; heartbeatIntervalMs: number }> {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return this.registry.heartbeat(body);
  }

  @Delete(':sidecarId')
  @HttpCode(204)
  @RequireRole('sidecar', 'admin')
  async deregister(@Param('sidecarId') sidecarId: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.tokens.assertActsFor(principal, sidecarId);
    await this.registry.deregister(sidecarId);
  }

  @Get()
  @RequireRole('viewer')
  async list(@Query('status') status?: string) {
    if (status !== undefined && !MEMBERSHIP.includes(status)) {
      throw ProblemException.validation([
        { path: 'status', message: `status must be one of ${MEMBERSHIP.join(', ')}` },
      ]);
    }
    return { items: (await this.registry.list(status)).map(sidecarView) };
  }

  @Get(':sidecarId')
  @RequireRole('viewer')
  async get(@Param('sidecarId') sidecarId: string) {
    return sidecarView(await this.registry.get(sidecarId));
  }
}
