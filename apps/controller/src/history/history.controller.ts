/**
 * Failover history (`GET /failovers`, `GET /failovers/{id}`) and a connection's health history
 * (`GET /connections/{id}/health-history`), for viewers. Newest first, keyset pagination.
 */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CONNECTION_ID_PATTERN } from '@switchyard/contracts';
import { RequireRole } from '../auth/roles.decorator';
import { UuidParamPipe } from '../common/problem/uuid-param.pipe';
import { ConnectionIdPipe } from '../connections/connection-id.pipe';
import {
  assertNoUnknownQuery,
  decodeCursor,
  queryEnum,
  queryLimit,
  queryPattern,
  queryTime,
  type QueryValue,
} from '../connections/query-params';
import { ApiJson, ApiProblems } from '../openapi/api-docs';
import { HistoryService, type TimeCursor } from './history.service';

export const FAILOVER_ACTIONS = [
  'FAILOVER',
  'SWITCHOVER',
  'FAILBACK',
  'MARK_FAILED',
  'SUPPRESSED',
  'RECOVERED',
  'RECONCILED',
  'REJECTED',
] as const;
export const FAILOVER_OUTCOMES = [
  'PENDING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'SUPERSEDED',
  'SUPPRESSED',
  'REJECTED',
  'RECORDED',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timeCursor(idPattern: RegExp) {
  return (raw: Record<string, unknown>): TimeCursor | null =>
    typeof raw['t'] === 'string' &&
    ISO_Z.test(raw['t']) &&
    !Number.isNaN(Date.parse(raw['t'])) &&
    typeof raw['id'] === 'string' &&
    idPattern.test(raw['id'])
      ? { t: raw['t'], id: raw['id'] }
      : null;
}

function timeRange(query: Record<string, QueryValue>) {
  const since = queryTime('since', query['since']);
  const until = queryTime('until', query['until']);
  return { ...(since ? { since } : {}), ...(until ? { until } : {}) };
}

const TimeQueries = () => [
  ApiQuery({
    name: 'since',
    required: false,
    description: 'Inclusive lower bound (ISO-8601 date-time with zone)',
    schema: { type: 'string', format: 'date-time' },
  }),
  ApiQuery({
    name: 'until',
    required: false,
    description: 'Exclusive upper bound (ISO-8601 date-time with zone)',
    schema: { type: 'string', format: 'date-time' },
  }),
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } }),
  ApiQuery({
    name: 'cursor',
    required: false,
    description: '`nextCursor` of the previous page',
    schema: { type: 'string' },
  }),
];

function applyAll(decorators: MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of decorators) d(target, key, descriptor);
  };
}

@ApiTags('history')
@ApiBearerAuth('bearer')
@Controller()
@RequireRole('viewer')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('failovers')
  @ApiOperation({
    summary: 'Failover history, newest first',
    description: 'Every decision about an active endpoint: who or what decided, why, the phases, the outcome.',
  })
  @ApiQuery({
    name: 'connectionId',
    required: false,
    schema: { type: 'string', pattern: CONNECTION_ID_PATTERN.source },
  })
  @ApiQuery({ name: 'action', required: false, schema: { type: 'string', enum: [...FAILOVER_ACTIONS] } })
  @ApiQuery({ name: 'outcome', required: false, schema: { type: 'string', enum: [...FAILOVER_OUTCOMES] } })
  @applyAll(TimeQueries())
  @ApiJson(200, 'FailoverPage', 'A page of failover events')
  @ApiProblems(400)
  failovers(@Query() query: Record<string, QueryValue>) {
    assertNoUnknownQuery(query, ['connectionId', 'since', 'until', 'action', 'outcome', 'limit', 'cursor']);
    const connectionId = queryPattern('connectionId', query['connectionId'], CONNECTION_ID_PATTERN, 'a connection id');
    const action = queryEnum('action', query['action'], FAILOVER_ACTIONS);
    const outcome = queryEnum('outcome', query['outcome'], FAILOVER_OUTCOMES);
    const limit = queryLimit(query['limit']);
    const before = decodeCursor(query['cursor'], timeCursor(UUID));
    return this.history.failovers({
      ...timeRange(query),
      ...(connectionId !== undefined ? { connectionId } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(outcome !== undefined ? { outcome } : {}),
      ...(before !== undefined ? { before } : {}),
      limit,
    });
  }

  @Get('failovers/:id')
  @ApiOperation({ summary: 'One failover event, with the commands it issued' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiJson(200, 'FailoverEventDetail', 'The failover event')
  @ApiProblems(400, 404)
  failover(@Param('id', UuidParamPipe) id: string) {
    return this.history.failover(id);
  }

  @Get('connections/:id/health-history')
  @ApiOperation({
    summary: 'A connection’s health history, newest first',
    description: 'Every status transition, plus a sample of steady-state reports.',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', pattern: CONNECTION_ID_PATTERN.source } })
  @applyAll(TimeQueries())
  @ApiJson(200, 'HealthSnapshotPage', 'A page of health snapshots')
  @ApiProblems(400, 404)
  healthHistory(@Param('id', ConnectionIdPipe) id: string, @Query() query: Record<string, QueryValue>) {
    assertNoUnknownQuery(query, ['since', 'until', 'limit', 'cursor']);
    const limit = queryLimit(query['limit']);
    const before = decodeCursor(query['cursor'], timeCursor(/^[0-9]{1,18}$/));
    return this.history.healthHistory(id, { ...timeRange(query), ...(before !== undefined ? { before } : {}), limit });
  }
}
