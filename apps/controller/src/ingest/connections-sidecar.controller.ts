/**
 * The seed's sidecar endpoints on `/api/v1/connections`: register a connection, report its health
 * (`PUT /connections/{id}/health`), and ask for a failover (`POST /connections/{id}/failover`: the
 * sidecar asks, the controller decides).
 */
import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  validateConnectionRegistration,
  validateFailoverRequest,
  validateHealthReport,
  type ConnectionRegistrationDto,
  type FailoverRequestDto,
  type HealthReportDto,
} from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { TokenService } from '../auth/token.service';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { ProblemException } from '../common/problem/problem.exception';
import type { ApplyOutcome } from '../failover/failover-decision.service';
import { SidecarRegistryService } from '../registry/sidecar-registry.service';
import { IngestService } from './ingest.service';

function samePath(pathId: string, bodyId: string): void {
  if (pathId !== bodyId) {
    throw ProblemException.validation([
      { path: 'connectionId', message: `connectionId must equal the path's connection id (${pathId})` },
    ]);
  }
}

function decisionSummary(outcome: ApplyOutcome) {
  return {
    epoch: outcome.epoch,
    phase: outcome.state.phase,
    activeEndpointId: outcome.state.activeEndpointId,
    decisions: outcome.committed.map((c) => ({
      failoverEventId: c.failoverEventId,
      action: c.decision.action,
      toEndpointId: c.decision.toEndpointId,
      commandId: c.commandId,
      reason: c.decision.reason,
    })),
    ...(outcome.dropped ? { dropped: outcome.dropped } : {}),
  };
}

@Controller('connections')
@RequireRole('sidecar')
export class ConnectionsSidecarController {
  constructor(
    private readonly ingest: IngestService,
    private readonly registry: SidecarRegistryService,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @HttpCode(200)
  async register(
    @Body(new ContractPipe(validateConnectionRegistration)) body: ConnectionRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    const { sidecarId: _s, status: _st, ...connection } = body;
    return this.registry.registerConnection(body.sidecarId, connection);
  }

  @Put(':id/health')
  @HttpCode(200)
  async health(
    @Param('id') id: string,
    @Body(new ContractPipe(validateHealthReport)) body: HealthReportDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    samePath(id, body.connectionId);
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return decisionSummary(await this.ingest.healthReport(body));
  }

  @Post(':id/failover')
  @HttpCode(202)
  async failover(
    @Param('id') id: string,
    @Body(new ContractPipe(validateFailoverRequest)) body: FailoverRequestDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return decisionSummary(await this.ingest.failoverRequest(id, body));
  }
}
