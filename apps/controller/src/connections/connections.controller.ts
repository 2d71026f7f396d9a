/**
 * Ops endpoints for connections (`/api/v1/connections`): list and inspect live state (viewer),
 * pre-provision, edit, policy, manual switchover / failback / maintenance (operator), delete
 * (admin). The sidecar lane's endpoints on the same path live in ingest/.
 */
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CONNECTION_ID_PATTERN, SIDECAR_ID_PATTERN } from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, RequireRole } from '../auth/roles.decorator';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { ApiDtoBody, ApiJson, ApiProblems, ApiSchemaBody } from '../openapi/api-docs';
import { ConnectionIdPipe, etagOf, parseIfMatch } from './connection-id.pipe';
import type { ConnectionDetailView } from './connection.views';
import { ConnectionsService } from './connections.service';
import {
  CreateConnectionDto,
  FailbackDto,
  MaintenanceDto,
  SwitchoverDto,
  UpdateConnectionDto,
  validateCreateConnection,
  validateFailback,
  validateMaintenance,
  validateSwitchover,
  validateUpdateConnection,
} from './dto/connection-body.dto';
import {
  assertNoUnknownQuery,
  decodeCursor,
  queryBoolean,
  queryEnum,
  queryLimit,
  queryPattern,
  type QueryValue,
} from './query-params';

const STATUSES = ['CONNECTING', 'ACTIVE', 'DEGRADED', 'FAILED', 'UNKNOWN'] as const;
const ID_PREFIX = /^[A-Za-z0-9._-]{1,128}$/;

const IdParam = () =>
  ApiParam({
    name: 'id',
    description: 'Connection id',
    schema: { type: 'string', pattern: CONNECTION_ID_PATTERN.source },
  });
const IfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag (quoted row version) you read: the change applies only to that version (412 otherwise)',
    schema: { type: 'string', pattern: '^"[0-9]{1,9}"$' },
  });

function withEtag(res: Response, view: ConnectionDetailView): ConnectionDetailView {
  res.setHeader('ETag', etagOf(view.rowVersion));
  return view;
}

@ApiTags('connections')
@ApiBearerAuth('bearer')
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'List connections with their live state',
    description: 'Ordered by id; keyset pagination with `cursor`.',
  })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...STATUSES] } })
  @ApiQuery({ name: 'sidecarId', required: false, schema: { type: 'string', pattern: SIDECAR_ID_PATTERN.source } })
  @ApiQuery({ name: 'maintenance', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiQuery({
    name: 'q',
    required: false,
    description: 'Connection id prefix',
    schema: { type: 'string', pattern: ID_PREFIX.source },
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: '`nextCursor` of the previous page',
    schema: { type: 'string' },
  })
  @ApiJson(200, 'ConnectionPage', 'A page of connections')
  @ApiProblems(400)
  list(@Query() query: Record<string, QueryValue>) {
    assertNoUnknownQuery(query, ['status', 'sidecarId', 'maintenance', 'q', 'limit', 'cursor']);
    const status = queryEnum('status', query['status'], STATUSES);
    const sidecarId = queryPattern(
      'sidecarId',
      query['sidecarId'],
      SIDECAR_ID_PATTERN,
      'a sidecar id (<namespace>/<podName>)',
    );
    const maintenance = queryBoolean('maintenance', query['maintenance']);
    const q = queryPattern('q', query['q'], ID_PREFIX, 'a connection id prefix (letters, digits, ".", "_", "-")');
    const limit = queryLimit(query['limit']);
    const after = decodeCursor(query['cursor'], (raw) =>
      typeof raw['id'] === 'string' && CONNECTION_ID_PATTERN.test(raw['id']) ? raw['id'] : null,
    );
    return this.connections.list({
      ...(status !== undefined ? { status } : {}),
      ...(sidecarId !== undefined ? { sidecarId } : {}),
      ...(maintenance !== undefined ? { maintenance } : {}),
      ...(q !== undefined ? { q } : {}),
      ...(after !== undefined ? { after } : {}),
      limit,
    });
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'One connection: endpoints, effective policy, overrides, decision state',
    description: 'The ETag header carries the row version for If-Match.',
  })
  @IdParam()
  @ApiJson(200, 'ConnectionDetail', 'The connection')
  @ApiProblems(400, 404)
  async get(@Param('id', ConnectionIdPipe) id: string, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.connections.get(id));
  }

  @Post()
  @HttpCode(201)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Pre-provision a connection',
    description:
      'Before any sidecar registers it. The sidecar that registers it later takes it over with its own endpoint list.',
  })
  @ApiDtoBody(CreateConnectionDto)
  @ApiJson(201, 'ConnectionDetail', 'Created')
  @ApiProblems(400, 409)
  async create(
    @Body(new ContractPipe(validateCreateConnection)) body: CreateConnectionDto,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.connections.create(body, who);
    res.setHeader('Location', `/api/v1/connections/${encodeURIComponent(view.connectionId)}`);
    return withEtag(res, view);
  }

  @Patch(':id')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Edit description, endpoints or metadata',
    description:
      'Optimistic concurrency with If-Match (412 on mismatch; without it the last write wins). The endpoint list must keep the active endpoint and the target of a switch in flight (422).',
  })
  @IdParam()
  @IfMatchHeader()
  @ApiDtoBody(UpdateConnectionDto)
  @ApiJson(200, 'ConnectionDetail', 'Updated')
  @ApiProblems(400, 404, 412, 422)
  async update(
    @Param('id', ConnectionIdPipe) id: string,
    @Body(new ContractPipe(validateUpdateConnection)) body: UpdateConnectionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.connections.update(id, body, parseIfMatch(ifMatch), who));
  }

  @Put(':id/policy')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Set the connection’s failover policy overrides',
    description:
      'Replaces the overrides (partial failover settings, same names and bounds as the config document’s `failover`). The merged effective policy must validate, cross-field rules included (holdDownMaxMs ≥ holdDownMs).',
  })
  @IdParam()
  @IfMatchHeader()
  @ApiSchemaBody({ $ref: '#/components/schemas/FailoverPolicyOverrides' })
  @ApiJson(200, 'ConnectionDetail', 'Updated')
  @ApiProblems(400, 404, 412)
  async setPolicy(
    @Param('id', ConnectionIdPipe) id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const version = parseIfMatch(ifMatch);
    return withEtag(res, await this.connections.setPolicy(id, body, version, who));
  }

  @Delete(':id/policy')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Clear the connection’s failover policy overrides' })
  @IdParam()
  @IfMatchHeader()
  @ApiJson(200, 'ConnectionDetail', 'Overrides cleared')
  @ApiProblems(400, 404, 412)
  async clearPolicy(
    @Param('id', ConnectionIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.connections.clearPolicy(id, parseIfMatch(ifMatch), who));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Delete a connection',
    description:
      '409 while a switch is in flight (or its command is undelivered) unless force=true. Failover history is kept.',
  })
  @IdParam()
  @ApiQuery({ name: 'force', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(400, 404, 409)
  async remove(
    @Param('id', ConnectionIdPipe) id: string,
    @Query() query: Record<string, QueryValue>,
    @CurrentPrincipal() who: Principal,
  ): Promise<void> {
    assertNoUnknownQuery(query, ['force']);
    await this.connections.remove(id, queryBoolean('force', query['force']) ?? false, who);
  }

  @Post(':id/switchover')
  @HttpCode(202)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Manual switchover to an endpoint (graceful)',
    description:
      'Goes through the decision engine: fenced (epoch + 1), recorded as a failover event, commanded through the outbox. Refusals: UNKNOWN_ENDPOINT 422, ALREADY_ACTIVE 409, TARGET_UNHEALTHY 422 (force overrides), SWITCH_IN_FLIGHT 409 (force supersedes).',
  })
  @IdParam()
  @ApiDtoBody(SwitchoverDto)
  @ApiJson(202, 'ActionReceipt', 'Decided and commanded')
  @ApiProblems(400, 404, 409, 422)
  switchover(
    @Param('id', ConnectionIdPipe) id: string,
    @Body(new ContractPipe(validateSwitchover)) body: SwitchoverDto,
    @CurrentPrincipal() who: Principal,
  ) {
    return this.connections.switchover(id, body, who);
  }

  @Post(':id/failback')
  @HttpCode(202)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Manual failback to the top-priority endpoint', description: 'Refusals as for switchover.' })
  @IdParam()
  @ApiDtoBody(FailbackDto)
  @ApiJson(202, 'ActionReceipt', 'Decided and commanded')
  @ApiProblems(400, 404, 409, 422)
  failback(
    @Param('id', ConnectionIdPipe) id: string,
    @Body(new ContractPipe(validateFailback)) body: FailbackDto,
    @CurrentPrincipal() who: Principal,
  ) {
    return this.connections.failback(id, body, who);
  }

  @Put(':id/maintenance')
  @HttpCode(202)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Maintenance on/off (suspends automatic failover)',
    description: 'Turning it off re-evaluates the link at once, which may decide a failover (listed in `decisions`).',
  })
  @IdParam()
  @ApiDtoBody(MaintenanceDto)
  @ApiJson(202, 'MaintenanceReceipt', 'Applied')
  @ApiProblems(400, 404, 409)
  maintenance(
    @Param('id', ConnectionIdPipe) id: string,
    @Body(new ContractPipe(validateMaintenance)) body: MaintenanceDto,
    @CurrentPrincipal() who: Principal,
  ) {
    return this.connections.maintenance(id, body, who);
  }
}
