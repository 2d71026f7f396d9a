/**
 * Sidecar membership over REST: registration (pod start, and whenever the controller answers
 * "unknown sidecar"), heartbeats, deregistration (SIGTERM), and the ops view of sidecars.
 * Sidecar ids are `<namespace>/<podName>`: in paths the slash is percent-encoded (%2F).
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  SidecarHeartbeatDto as SidecarHeartbeatBody,
  SidecarRegistrationDto as SidecarRegistrationBody,
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
import { ApiDtoBody, ApiJson, ApiProblems } from '../openapi/api-docs';
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

@ApiTags('sidecars')
@ApiBearerAuth('bearer')
@Controller('sidecars')
export class SidecarsController {
  constructor(
    private readonly registry: SidecarRegistryService,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @HttpCode(200)
  @RequireRole('sidecar')
  @ApiTags('sidecar-lane')
  @ApiOperation({
    summary: 'Register a sidecar and the connections it manages (pod start, or when told it is unknown)',
  })
  @ApiDtoBody(SidecarRegistrationBody)
  @ApiJson(200, 'RegistrationReceipt', 'Registered')
  @ApiProblems(400, 409)
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
  @ApiTags('sidecar-lane')
  @ApiOperation({ summary: 'Sidecar heartbeat (membership liveness)' })
  @ApiDtoBody(SidecarHeartbeatBody)
  @ApiJson(200, 'HeartbeatAck', 'Membership refreshed')
  @ApiProblems(400, 404)
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
  @ApiTags('sidecar-lane')
  @ApiOperation({ summary: 'Deregister a sidecar (SIGTERM); its connections show UNKNOWN' })
  @ApiResponse({ status: 204, description: 'Deregistered' })
  @ApiParam({
    name: 'sidecarId',
    description: '<namespace>/<podName>, slash percent-encoded',
    schema: { type: 'string' },
  })
  @ApiProblems(404)
  async deregister(@Param('sidecarId') sidecarId: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.tokens.assertActsFor(principal, sidecarId);
    await this.registry.deregister(sidecarId);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List sidecars' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: ['ACTIVE', 'LOST', 'DEREGISTERED'] } })
  @ApiJson(200, 'SidecarList', 'Sidecars')
  @ApiProblems(400)
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
  @ApiOperation({ summary: 'One sidecar' })
  @ApiParam({
    name: 'sidecarId',
    description: '<namespace>/<podName>, slash percent-encoded',
    schema: { type: 'string' },
  })
  @ApiJson(200, 'SidecarView', 'The sidecar')
  @ApiProblems(404)
  async get(@Param('sidecarId') sidecarId: string) {
    return sidecarView(await this.registry.get(sidecarId));
  }
}
