/**
 * The operator's side of the connection registry: list and inspect live state, pre-provision,
 * edit (optimistic concurrency on `row_version`), policy overrides, delete, and the manual
 * actions (switchover, failback, maintenance) that go through the decision engine like every
 * other input, so they are fenced, recorded as failover events and commanded through the outbox.
 *
 * Every change bumps `row_version` (a decision taken on the old row then loses its
 * compare-and-set and is re-evaluated), emits a RegistryEvent (the decision cache forgets the row,
 * the event stream shows it) and writes an audit line naming who did what.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FailoverSettingsDto, isPlainObject, maskPanLikeDigits, validateDto } from '@switchyard/contracts';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PROBLEM_TYPES, ProblemException } from '../common/problem/problem.exception';
import { ConnectionEntity, type RegistryConnectionStatus } from '../database/entities';
import type { ConnectionDecisionState, Decision, DecisionInput, RejectionCode } from '../decisions';
import { FailoverDecisionService, type ApplyOutcome } from '../failover/failover-decision.service';
import { PolicyResolver } from '../failover/policy.resolver';
import { RegistryEvents, type RegistryEventType } from '../registry/registry.events';
import { defaultActiveEndpoint } from '../registry/sidecar-registry.service';
import {
  connectionDetailView,
  connectionSummaryView,
  pendingView,
  type ConnectionDetailView,
  type ConnectionListRow,
} from './connection.views';
import {
  prefixed,
  type CreateConnectionDto,
  type FailbackDto,
  type MaintenanceDto,
  type SwitchoverDto,
  type UpdateConnectionDto,
} from './dto/connection-body.dto';
import { encodeCursor } from './query-params';

export interface ConnectionFilters {
  status?: RegistryConnectionStatus;
  sidecarId?: string;
  maintenance?: boolean;
  q?: string;
  limit: number;
  after?: string;
}

/** What an accepted manual action returns (202). */
export interface ActionReceipt {
  action: string;
  reason: string;
  failoverEventId: string;
  commandId: string | null;
  fromEndpointId: string | null;
  toEndpointId: string | null;
  epoch: number;
  shadow: boolean;
  outcome: string;
  outcomeDetail: string | null;
}

const REJECTIONS: Record<RejectionCode, { status: number; type: string; field?: string }> = {
  UNKNOWN_ENDPOINT: { status: 422, type: PROBLEM_TYPES.validation, field: 'targetEndpointId' },
  ALREADY_ACTIVE: { status: 409, type: PROBLEM_TYPES.conflict },
  TARGET_UNHEALTHY: { status: 422, type: PROBLEM_TYPES.unsafeTarget },
  SWITCH_IN_FLIGHT: { status: 409, type: PROBLEM_TYPES.conflict },
};

const PRECONDITION_FAILED = 'https://switchyard.dev/problems/precondition-failed';

@Injectable()
export class ConnectionsService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: RegistryEvents,
    private readonly decisions: FailoverDecisionService,
    private readonly policies: PolicyResolver,
  ) {}

  async list(f: ConnectionFilters) {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.status !== undefined) where.push(`status = ${bind(f.status)}`);
    if (f.sidecarId !== undefined) where.push(`sidecar_id = ${bind(f.sidecarId)}`);
    if (f.maintenance !== undefined) where.push(`maintenance = ${bind(f.maintenance)}`);
    if (f.q !== undefined) where.push(`starts_with(id, ${bind(f.q)})`);
    if (f.after !== undefined) where.push(`id > ${bind(f.after)}`);
    const rows = (await this.db.query(
      `select id, sidecar_id, description, status, score, active_endpoint_id, epoch, maintenance,
              decision_state->>'phase' as phase, decision_state->'pending' as pending,
              decision_state->'openAlert' as open_alert, last_report_at, updated_at, row_version
         from connections
        ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
        order by id
        limit ${bind(f.limit + 1)}`,
      params,
    )) as ConnectionListRow[];
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(connectionSummaryView),
      nextCursor: rows.length > f.limit && last ? encodeCursor({ id: last.id }) : null,
    };
  }

  async get(id: string): Promise<ConnectionDetailView> {
    const row = await this.db.getRepository(ConnectionEntity).findOneBy({ id });
    if (!row) throw ProblemException.notFound(`connection ${id}`);
    return connectionDetailView(row, await this.policies.failoverPolicy(row));
  }

  async create(body: CreateConnectionDto, who: Principal): Promise<ConnectionDetailView> {
    const policy = body.policy === undefined ? {} : await this.checkPolicy(body.connectionId, body.policy, 'policy');
    const now = this.clock.now();
    const endpoints = body.endpoints.map((e) => ({ ...e }));
    const inserted = (await this.db.query(
      `insert into connections (id, sidecar_id, description, endpoints, active_endpoint_id, epoch, status, score,
                                policy, maintenance, decision_state, metadata, created_at, updated_at, row_version)
       values ($1, null, $2, $3, $4, 0, 'UNKNOWN', null, $5, false, null, $6, $7, $7, 1)
       on conflict (id) do nothing
       returning id`,
      [
        body.connectionId,
        body.description ?? null,
        JSON.stringify(endpoints),
        body.activeEndpointId ?? defaultActiveEndpoint(endpoints),
        JSON.stringify(policy),
        JSON.stringify(body.metadata ?? {}),
        now,
      ],
    )) as Array<{ id: string }>;
    if (inserted.length === 0) {
      throw ProblemException.conflict(`connection ${body.connectionId} already exists`, {
        connectionId: body.connectionId,
      });
    }
    this.changed('connection.created', body.connectionId, who, {
      endpoints: endpoints.map((e) => e.id),
      policy: Object.keys(policy),
    });
    return this.get(body.connectionId);
  }

  async update(
    id: string,
    body: UpdateConnectionDto,
    ifMatch: number | undefined,
    who: Principal,
  ): Promise<ConnectionDetailView> {
    const fields = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    const rowVersion = await this.db.transaction(async (tx) => {
      const row = await this.lockRow(tx.getRepository(ConnectionEntity), id, ifMatch);
      const set: string[] = ['updated_at = $2', 'row_version = row_version + 1'];
      const params: unknown[] = [id, this.clock.now()];
      const bind = (column: string, value: unknown) => {
        params.push(value);
        set.push(`${column} = $${params.length}`);
      };
      if (body.description !== undefined) bind('description', body.description);
      if (body.metadata !== undefined) bind('metadata', JSON.stringify(body.metadata));
      if (body.endpoints !== undefined) {
        const endpoints = body.endpoints.map((e) => ({ ...e }));
        const ids = new Set(endpoints.map((e) => e.id));
        const state = row.decisionState as ConnectionDecisionState | null;
        const mustKeep = [
          ['the active endpoint', row.activeEndpointId],
          ['the active endpoint', state?.activeEndpointId ?? null],
          ['the target of the switch in flight', state?.pending?.targetEndpointId ?? null],
        ] as const;
        for (const [what, endpointId] of mustKeep) {
          if (endpointId !== null && !ids.has(endpointId)) {
            throw new ProblemException({
              type: PROBLEM_TYPES.validation,
              title: 'Unprocessable Content',
              status: 422,
              detail: `endpoints must keep ${what} (${endpointId}); switch the link elsewhere first`,
              errors: [{ path: 'endpoints', message: `endpoints must keep ${what} ${endpointId}` }],
            });
          }
        }
        bind('endpoints', JSON.stringify(endpoints));
        if (row.activeEndpointId === null) bind('active_endpoint_id', defaultActiveEndpoint(endpoints));
      }
      const updated = (await tx.query(
        `update connections set ${set.join(', ')} where id = $1 returning row_version`,
        params,
      )) as [Array<{ row_version: number }>, number];
      return updated[0][0]!.row_version;
    });
    this.changed('connection.updated', id, who, { fields, rowVersion });
    return this.get(id);
  }

  async setPolicy(
    id: string,
    overrides: unknown,
    ifMatch: number | undefined,
    who: Principal,
  ): Promise<ConnectionDetailView> {
    const policy = await this.checkPolicy(id, overrides, '');
    return this.writePolicy(id, policy, ifMatch, who);
  }

  async clearPolicy(id: string, ifMatch: number | undefined, who: Principal): Promise<ConnectionDetailView> {
    return this.writePolicy(id, {}, ifMatch, who);
  }

  async remove(id: string, force: boolean, who: Principal): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.lockRow(tx.getRepository(ConnectionEntity), id, undefined);
      const pending = (row.decisionState as ConnectionDecisionState | null)?.pending ?? null;
      const open = (await tx.query(
        `select count(*)::int as n from commands where connection_id = $1 and status in ('PENDING', 'DELIVERED')`,
        [id],
      )) as Array<{ n: number }>;
      const openCommands = open[0]?.n ?? 0;
      if ((pending || openCommands > 0) && !force) {
        throw ProblemException.conflict(
          `connection ${id} has a switch in flight${pending ? ` (to ${pending.targetEndpointId}, decision ${pending.decisionId})` : ''}${openCommands > 0 ? ` and ${openCommands} undelivered or unacknowledged command(s)` : ''}; wait for it to complete, or delete with ?force=true`,
          { connectionId: id, pendingSwitch: pendingView(pending), openCommands },
        );
      }
      await tx.query(`delete from connections where id = $1`, [id]);
    });
    this.changed('connection.deleted', id, who, { force });
  }

  switchover(id: string, body: SwitchoverDto, who: Principal): Promise<ActionReceipt> {
    return this.act(id, who, {
      type: 'MANUAL_SWITCHOVER',
      targetEndpointId: body.targetEndpointId,
      operator: who.name,
      reason: maskPanLikeDigits(body.reason),
      ...(body.force !== undefined ? { force: body.force } : {}),
    });
  }

  failback(id: string, body: FailbackDto, who: Principal): Promise<ActionReceipt> {
    return this.act(id, who, {
      type: 'MANUAL_FAILBACK',
      operator: who.name,
      reason: maskPanLikeDigits(body.reason),
      ...(body.force !== undefined ? { force: body.force } : {}),
    });
  }

  async maintenance(id: string, body: MaintenanceDto, who: Principal) {
    const reason = maskPanLikeDigits(body.reason);
    const outcome = await this.decisions.apply(
      id,
      { type: 'MAINTENANCE', on: body.on, operator: who.name, reason },
      { kind: 'operator', id: who.name },
    );
    this.audit.log({ audit: 'connection.maintenance', actor: who.name, connectionId: id, on: body.on, reason });
    this.events.emit({
      type: 'connection.updated',
      at: this.clock.now().toISOString(),
      connectionId: id,
      data: { maintenance: outcome.state.maintenance, actor: who.name, reason },
    });
    return {
      connectionId: id,
      maintenance: outcome.state.maintenance,
      epoch: outcome.epoch,
      phase: outcome.state.phase,
      decisions: await Promise.all(outcome.committed.map((c) => this.receipt(c.decision, c, outcome))),
    };
  }

  private async act(id: string, who: Principal, input: DecisionInput): Promise<ActionReceipt> {
    const outcome = await this.decisions.apply(id, input, { kind: 'operator', id: who.name });
    const committed = outcome.committed[0];
    if (!committed) {
      // The engine always answers a manual request with a move or a refusal; anything else is a bug.
      throw new Error(`manual ${input.type} on ${id} produced no decision`);
    }
    const d = committed.decision;
    this.audit.log({
      audit: `connection.${input.type.toLowerCase()}`,
      actor: who.name,
      connectionId: id,
      action: d.action,
      failoverEventId: committed.failoverEventId,
      commandId: committed.commandId,
    });
    if (d.action === 'REJECTED' && d.rejection) {
      const m = REJECTIONS[d.rejection.code];
      const extra: Record<string, unknown> = {
        code: d.rejection.code,
        failoverEventId: committed.failoverEventId,
      };
      if (m.field) extra['errors'] = [{ path: m.field, message: d.rejection.message }];
      if (d.rejection.code === 'TARGET_UNHEALTHY' || d.rejection.code === 'SWITCH_IN_FLIGHT') {
        extra['hint'] = 'repeat the request with "force": true to override';
      }
      throw ProblemException.of(m.status, d.rejection.message, m.type, extra);
    }
    return this.receipt(d, committed, outcome);
  }

  private async receipt(
    d: Decision,
    c: ApplyOutcome['committed'][number],
    outcome: ApplyOutcome,
  ): Promise<ActionReceipt> {
    const rows = (await this.db.query(`select outcome, outcome_detail from failover_events where id = $1`, [
      c.failoverEventId,
    ])) as Array<{ outcome: string; outcome_detail: string | null }>;
    return {
      action: d.action,
      reason: d.reason,
      failoverEventId: c.failoverEventId,
      commandId: c.commandId,
      fromEndpointId: d.fromEndpointId,
      toEndpointId: d.toEndpointId,
      epoch: outcome.epoch,
      shadow: d.shadow,
      outcome: rows[0]?.outcome ?? 'RECORDED',
      outcomeDetail: rows[0]?.outcome_detail ?? null,
    };
  }

  /**
   * Policy overrides are checked by merging them over the policy in force (defaults ← global ←
   * connection config ← overrides) and validating the result as the contracts' FailoverSettingsDto:
   * the same bounds and cross-field rules a config document must pass, errors naming the field.
   */
  private async checkPolicy(id: string, overrides: unknown, prefix: string): Promise<Record<string, unknown>> {
    if (!isPlainObject(overrides)) {
      throw ProblemException.validation([{ path: prefix, message: `${prefix || 'the body'} must be a JSON object` }]);
    }
    const merged = await this.policies.failoverPolicy({ id, policy: overrides });
    const checked = validateDto(FailoverSettingsDto, merged);
    if (!checked.ok) {
      throw ProblemException.validation(prefix ? prefixed(checked.errors, prefix) : checked.errors);
    }
    return { ...overrides };
  }

  private async writePolicy(
    id: string,
    policy: Record<string, unknown>,
    ifMatch: number | undefined,
    who: Principal,
  ): Promise<ConnectionDetailView> {
    const rowVersion = await this.db.transaction(async (tx) => {
      await this.lockRow(tx.getRepository(ConnectionEntity), id, ifMatch);
      const updated = (await tx.query(
        `update connections set policy = $2, updated_at = $3, row_version = row_version + 1 where id = $1 returning row_version`,
        [id, JSON.stringify(policy), this.clock.now()],
      )) as [Array<{ row_version: number }>, number];
      return updated[0][0]!.row_version;
    });
    this.changed('connection.updated', id, who, { fields: ['policy'], policy: Object.keys(policy), rowVersion });
    return this.get(id);
  }

  private async lockRow(
    repo: ReturnType<DataSource['getRepository']>,
    id: string,
    ifMatch: number | undefined,
  ): Promise<ConnectionEntity> {
    const row = (await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })) as ConnectionEntity | null;
    if (!row) throw ProblemException.notFound(`connection ${id}`);
    if (ifMatch !== undefined && row.rowVersion !== ifMatch) {
      throw new ProblemException({
        type: PRECONDITION_FAILED,
        title: 'Precondition Failed',
        status: 412,
        detail: `connection ${id} changed since you read it (row version ${row.rowVersion}, If-Match ${ifMatch}); read it again and reapply your change`,
        currentRowVersion: row.rowVersion,
      });
    }
    return row;
  }

  private changed(type: RegistryEventType, id: string, who: Principal, data: Record<string, unknown>): void {
    this.audit.log({ audit: type, actor: who.name, connectionId: id, ...data });
    this.events.emit({
      type,
      at: this.clock.now().toISOString(),
      connectionId: id,
      data: { actor: who.name, ...data },
    });
  }
}
