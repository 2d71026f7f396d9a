/**
 * The seed's sidecar endpoints on `/api/v1/connections`: register a connection, report its health
 * (`PUT /connections/{id}/health`), and ask for a failover (`POST /connections/{id}/failover`: the
 * sidecar asks, the controller decides).
 */
import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ConnectionRegistrationDto as ConnectionRegistrationBody,
  FailoverRequestDto as FailoverRequestBody,
  HealthReportDto as HealthReportBody,
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
import { ApiDtoBody, ApiJson, ApiProblems } from '../openapi/api-docs';
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

@ApiTags('sidecar-lane')
@ApiBearerAuth('bearer')
@Controller('connections')
@RequireRole('sidecar')
export class ConnectionsSidecarController {
  constructor(
    private readonly ingest: IngestService,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register one connection of an already registered sidecar (seed endpoint)' })
  @ApiDtoBody(ConnectionRegistrationBody)
  @ApiJson(200, 'ConnectionClaim', 'Registered')
  @ApiProblems(400, 409)
  async register(
    @Body(new ContractPipe(validateConnectionRegistration)) body: ConnectionRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return this.ingest.connectionRegistration(body);
  }

  @Put(':id/health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a connection’s health (seed endpoint); the controller decides' })
  @ApiParam({
    name: 'id',
    description: 'Connection id (must equal the body’s connectionId)',
    schema: { type: 'string' },
  })
  @ApiDtoBody(HealthReportBody)
  @ApiJson(200, 'DecisionSummary', 'Accepted; the decisions it led to')
  @ApiProblems(400, 404, 409)
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
  @ApiOperation({ summary: 'A sidecar asks for a failover (seed endpoint); the controller decides' })
  @ApiParam({ name: 'id', description: 'Connection id', schema: { type: 'string' } })
  @ApiDtoBody(FailoverRequestBody)
  @ApiJson(202, 'DecisionSummary', 'Accepted; the decisions it led to')
  @ApiProblems(400, 404, 409)
  async failover(
    @Param('id') id: string,
    @Body(new ContractPipe(validateFailoverRequest)) body: FailoverRequestDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.tokens.assertActsFor(principal, body.sidecarId);
    return decisionSummary(await this.ingest.failoverRequest(id, body));
  }
}
