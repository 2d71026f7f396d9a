/**
 * Failover history and health history, newest first, keyset-paginated. Reads only: the rows are
 * written by the decision service (failover events, health snapshots) and the outbox relay.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem/problem.exception';
import { encodeCursor } from '../connections/query-params';

export interface TimeCursor {
  t: string;
  id: string;
}

export interface FailoverFilters {
  connectionId?: string;
  since?: Date;
  until?: Date;
  action?: string;
  outcome?: string;
  limit: number;
  before?: TimeCursor;
}

export interface HealthFilters {
  since?: Date;
  until?: Date;
  limit: number;
  before?: TimeCursor;
}

interface FailoverRow {
  id: string;
  connection_id: string;
  action: string;
  trigger: string;
  reason: string;
  from_endpoint_id: string | null;
  to_endpoint_id: string | null;
  epoch_before: string;
  epoch_after: string | null;
  decided_by: string;
  shadow: boolean;
  outcome: string;
  outcome_detail: string | null;
  detected_at: Date | null;
  decided_at: Date;
  command_issued_at: Date | null;
  delivered_at: Date | null;
  completed_at: Date | null;
  duration_ms: number | null;
  phases: unknown[];
}

interface CommandRow {
  id: string;
  type: string;
  sidecar_id: string;
  epoch: string;
  status: string;
  status_detail: string | null;
  issued_at: Date;
  deadline: Date;
  attempts: number;
  first_delivered_at: Date | null;
  acked_at: Date | null;
  delivered: Record<string, unknown>;
}

interface SnapshotRow {
  id: string;
  kind: string;
  status: string;
  previous_status: string | null;
  score: number;
  active_endpoint_id: string | null;
  hard_signal: string | null;
  sidecar_id: string;
  reported_at: Date;
  received_at: Date;
  report: Record<string, unknown>;
}

const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;

function failoverView(r: FailoverRow) {
  return {
    failoverEventId: r.id,
    connectionId: r.connection_id,
    action: r.action,
    trigger: r.trigger,
    reason: r.reason,
    fromEndpointId: r.from_endpoint_id,
    toEndpointId: r.to_endpoint_id,
    epochBefore: Number(r.epoch_before),
    epochAfter: r.epoch_after === null ? null : Number(r.epoch_after),
    decidedBy: r.decided_by,
    shadow: r.shadow,
    outcome: r.outcome,
    outcomeDetail: r.outcome_detail,
    detectedAt: isoOrNull(r.detected_at),
    decidedAt: r.decided_at.toISOString(),
    commandIssuedAt: isoOrNull(r.command_issued_at),
    deliveredAt: isoOrNull(r.delivered_at),
    completedAt: isoOrNull(r.completed_at),
    durationMs: r.duration_ms,
    phases: r.phases,
  };
}

function commandView(c: CommandRow) {
  return {
    commandId: c.id,
    type: c.type,
    sidecarId: c.sidecar_id,
    epoch: Number(c.epoch),
    status: c.status,
    statusDetail: c.status_detail,
    issuedAt: c.issued_at.toISOString(),
    deadline: c.deadline.toISOString(),
    attempts: c.attempts,
    firstDeliveredAt: isoOrNull(c.first_delivered_at),
    ackedAt: isoOrNull(c.acked_at),
    delivered: c.delivered,
  };
}

function snapshotView(s: SnapshotRow) {
  return {
    id: String(s.id),
    kind: s.kind,
    status: s.status,
    previousStatus: s.previous_status,
    score: s.score,
    activeEndpointId: s.active_endpoint_id,
    hardSignal: s.hard_signal,
    sidecarId: s.sidecar_id,
    reportedAt: s.reported_at.toISOString(),
    receivedAt: s.received_at.toISOString(),
    report: s.report,
  };
}

class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  bind(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  add(clause: string): void {
    this.clauses.push(clause);
  }
  toString(): string {
    return this.clauses.length > 0 ? `where ${this.clauses.join(' and ')}` : '';
  }
}

@Injectable()
export class HistoryService {
  constructor(private readonly db: DataSource) {}

  async failovers(f: FailoverFilters) {
    const w = new Where();
    if (f.connectionId !== undefined) w.add(`connection_id = ${w.bind(f.connectionId)}`);
    if (f.since !== undefined) w.add(`decided_at >= ${w.bind(f.since)}`);
    if (f.until !== undefined) w.add(`decided_at < ${w.bind(f.until)}`);
    if (f.action !== undefined) w.add(`action = ${w.bind(f.action)}`);
    if (f.outcome !== undefined) w.add(`outcome = ${w.bind(f.outcome)}`);
    if (f.before !== undefined) {
      w.add(`(decided_at, id) < (${w.bind(f.before.t)}::timestamptz, ${w.bind(f.before.id)}::uuid)`);
    }
    const rows = (await this.db.query(
      `select * from failover_events ${w.toString()} order by decided_at desc, id desc limit ${w.bind(f.limit + 1)}`,
      w.params,
    )) as FailoverRow[];
    return this.page(rows, f.limit, failoverView, (r) => ({ t: r.decided_at.toISOString(), id: r.id }));
  }

  async failover(id: string) {
    const rows = (await this.db.query(`select * from failover_events where id = $1`, [id])) as FailoverRow[];
    const row = rows[0];
    if (!row) throw ProblemException.notFound(`failover event ${id}`);
    const commands = (await this.db.query(
      `select id, type, sidecar_id, epoch, status, status_detail, issued_at, deadline, attempts,
              first_delivered_at, acked_at, delivered
         from commands where failover_event_id = $1 order by issued_at`,
      [id],
    )) as CommandRow[];
    return { ...failoverView(row), commands: commands.map(commandView) };
  }

  async healthHistory(connectionId: string, f: HealthFilters) {
    const exists = (await this.db.query(`select 1 from connections where id = $1`, [connectionId])) as unknown[];
    if (exists.length === 0) throw ProblemException.notFound(`connection ${connectionId}`);
    const w = new Where();
    w.add(`connection_id = ${w.bind(connectionId)}`);
    if (f.since !== undefined) w.add(`reported_at >= ${w.bind(f.since)}`);
    if (f.until !== undefined) w.add(`reported_at < ${w.bind(f.until)}`);
    if (f.before !== undefined) {
      w.add(`(reported_at, id) < (${w.bind(f.before.t)}::timestamptz, ${w.bind(f.before.id)}::bigint)`);
    }
    const rows = (await this.db.query(
      `select id, kind, status, previous_status, score, active_endpoint_id, hard_signal, sidecar_id,
              reported_at, received_at, report
         from health_snapshots ${w.toString()}
        order by reported_at desc, id desc limit ${w.bind(f.limit + 1)}`,
      w.params,
    )) as SnapshotRow[];
    return this.page(rows, f.limit, snapshotView, (r) => ({ t: r.reported_at.toISOString(), id: String(r.id) }));
  }

  private page<R, V>(rows: R[], limit: number, view: (r: R) => V, cursorOf: (r: R) => TimeCursor) {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(view),
      nextCursor: rows.length > limit && last ? encodeCursor({ ...cursorOf(last) }) : null,
    };
  }
}
