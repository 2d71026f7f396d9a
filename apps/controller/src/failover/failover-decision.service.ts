/**
 * Runs the decision engine for one connection at a time and commits what it decides, with the
 * fencing rule of DESIGN.md: a decision that commands a switch is a compare-and-set on the
 * connection's epoch (and row version) in the same transaction that writes the failover event
 * and the outbox command. Two controller replicas deciding at once cannot both win: the loser's
 * transaction matches no row, its decision is recorded as SUPERSEDED, and it re-evaluates from
 * the winner's state (which now shows the switch in flight).
 *
 * Decision state is cached per connection on the replica that handles it (partition ownership
 * keeps that stable) and written back when something material changes, or at most once per
 * `persistIntervalMs` otherwise, so a steady stream of healthy reports does not cost a write
 * each. Every write is a compare-and-set on the row version: a stale cache can never overwrite
 * a newer state, it is reloaded instead.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { validateCommand, type CommandDto, type HealthReportDto } from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem/problem.exception';
import {
  CommandEntity,
  ConnectionEntity,
  FailoverEventEntity,
  HealthSnapshotEntity,
  type FailoverOutcome,
} from '../database/entities';
import {
  FailoverDecisionEngine,
  byPriority,
  initialDecisionState,
  type ConnectionDecisionState,
  type Decision,
  type DecisionInput,
  type DroppedInput,
} from '../decisions';
import { RegistryEvents } from '../registry/registry.events';
import { KeyedMutex } from './keyed-mutex';
import { PolicyResolver } from './policy.resolver';

export const REPLICA_ID = Symbol('REPLICA_ID');
export const DECISION_SETTINGS = Symbol('DECISION_SETTINGS');

export interface DecisionSettings {
  /** Longest a changed-but-immaterial state stays unwritten (default 1 s). */
  persistIntervalMs: number;
  /** A steady-state health snapshot is sampled at most this often per connection (default 60 s). */
  snapshotSampleMs: number;
  /** How often a decision is retried after losing a compare-and-set (default 3). */
  maxAttempts: number;
}

export const DEFAULT_DECISION_SETTINGS: DecisionSettings = {
  persistIntervalMs: 1_000,
  snapshotSampleMs: 60_000,
  maxAttempts: 3,
};

export interface Actor {
  kind: 'controller' | 'operator' | 'sidecar';
  id: string;
}

export interface CommittedDecision {
  decision: Decision;
  failoverEventId: string;
  commandId: string | null;
  epochAfter: number;
}

export interface ApplyOutcome {
  committed: CommittedDecision[];
  /** Decisions of ours another replica beat (recorded as SUPERSEDED). */
  superseded: number;
  dropped: DroppedInput | null;
  state: ConnectionDecisionState;
  /** The connection's epoch after this call. */
  epoch: number;
}

interface Cached {
  state: ConnectionDecisionState;
  rowVersion: number;
  epoch: number;
  sidecarId: string | null;
  status: string;
  /** The connection's own policy overrides, as read with the row. */
  policy: Record<string, unknown>;
  persistedAt: number;
  lastSampleAt: number;
}

class Superseded extends Error {}

function outcomeOf(d: Decision): FailoverOutcome {
  if (d.commandRequired) return 'PENDING';
  if (d.action === 'SUPPRESSED') return 'SUPPRESSED';
  if (d.action === 'REJECTED') return 'REJECTED';
  return 'RECORDED';
}

function sameEndpoints(state: ConnectionDecisionState, conn: ConnectionEntity): boolean {
  const a = state.endpoints.map((e) => `${e.id}@${e.priority}@${e.host}:${e.port}`).join(',');
  const b = byPriority(conn.endpoints)
    .map((e) => `${e.id}@${e.priority}@${e.host}:${e.port}`)
    .join(',');
  return a === b;
}

@Injectable()
export class FailoverDecisionService {
  private readonly logger = new Logger('Decisions');
  private readonly mutex = new KeyedMutex();
  private readonly cache = new Map<string, Cached>();
  private readonly outboxListeners = new Set<(commandId: string) => void>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly engine: FailoverDecisionEngine,
    private readonly policies: PolicyResolver,
    private readonly events: RegistryEvents,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(DECISION_SETTINGS) private readonly settings: DecisionSettings,
  ) {}

  /** Called with each command id committed to the outbox (the relay wakes up). */
  onOutboxWrite(listener: (commandId: string) => void): () => void {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  /** Forget cached state (partition revoked, connection edited): the next input reloads it. */
  forget(connectionId?: string): void {
    if (connectionId === undefined) this.cache.clear();
    else this.cache.delete(connectionId);
  }

  apply(connectionId: string, input: DecisionInput, actor: Actor): Promise<ApplyOutcome> {
    return this.mutex.run(connectionId, () => this.applyLocked(connectionId, input, actor));
  }

  private fromRow(conn: ConnectionEntity, now: number): Cached {
    let state = (conn.decisionState as ConnectionDecisionState | null) ?? null;
    if (!state || state.connectionId !== conn.id) {
      state = initialDecisionState(conn.id, conn.endpoints, conn.activeEndpointId, now, conn.epoch);
      state.maintenance = conn.maintenance;
    }
    state = { ...state, epoch: conn.epoch };
    if (!sameEndpoints(state, conn)) {
      const ids = new Set(conn.endpoints.map((e) => e.id));
      state.endpoints = byPriority(conn.endpoints).map(({ id, priority, role, host, port }) => ({
        id,
        priority,
        role,
        host,
        port,
      }));
      state.endpointHealth = Object.fromEntries(Object.entries(state.endpointHealth).filter(([id]) => ids.has(id)));
      if (state.activeEndpointId && !ids.has(state.activeEndpointId)) state.activeEndpointId = conn.activeEndpointId;
    }
    return {
      state,
      rowVersion: conn.rowVersion,
      epoch: conn.epoch,
      sidecarId: conn.sidecarId,
      status: conn.status,
      policy: conn.policy,
      persistedAt: 0,
      lastSampleAt: 0,
    };
  }

  private async applyLocked(connectionId: string, input: DecisionInput, actor: Actor): Promise<ApplyOutcome> {
    let superseded = 0;
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now().getTime();
      let cached = this.cache.get(connectionId);
      if (!cached) {
        const conn = await this.db.getRepository(ConnectionEntity).findOneBy({ id: connectionId });
        if (!conn) throw ProblemException.notFound(`connection ${connectionId}`);
        cached = this.fromRow(conn, now);
      }
      // Only the sidecar that manages a link may report on it or ask to move it.
      const reporter =
        input.type === 'HEALTH_REPORT'
          ? input.report.sidecarId
          : input.type === 'FAILOVER_REQUEST'
            ? input.request.sidecarId
            : null;
      if (reporter !== null && cached.sidecarId !== reporter) {
        this.cache.set(connectionId, cached);
        throw ProblemException.conflict(
          `connection ${connectionId} is managed by ${cached.sidecarId ? `sidecar ${cached.sidecarId}` : 'no sidecar'}, not ${reporter}; register it first`,
          { connectionId, ownerSidecarId: cached.sidecarId },
        );
      }
      const policy = await this.policies.failoverPolicy({ id: connectionId, policy: cached.policy });
      const result = this.engine.decide(cached.state, input, policy);
      const report = input.type === 'HEALTH_REPORT' && !result.dropped ? input.report : null;
      const statusChanged = report !== null && report.status !== cached.status;
      const material =
        result.decisions.length > 0 ||
        statusChanged ||
        result.state.phase !== cached.state.phase ||
        result.state.activeEndpointId !== cached.state.activeEndpointId ||
        result.state.maintenance !== cached.state.maintenance ||
        (result.state.pending?.decisionId ?? null) !== (cached.state.pending?.decisionId ?? null) ||
        now - cached.persistedAt >= this.settings.persistIntervalMs;

      if (!material) {
        this.cache.set(connectionId, { ...cached, state: result.state });
        return { committed: [], superseded, dropped: result.dropped, state: result.state, epoch: cached.epoch };
      }

      const commanding = result.decisions.find((d) => d.commandRequired) ?? null;
      try {
        const committed = await this.db.transaction((tx) =>
          this.commit(tx, cached!, result.state, result.decisions, commanding, report, actor, now),
        );
        const sampleDue =
          report !== null && (statusChanged || now - cached.lastSampleAt >= this.settings.snapshotSampleMs);
        const next: Cached = {
          state: committed.state,
          rowVersion: committed.rowVersion,
          epoch: committed.epoch,
          sidecarId: cached.sidecarId,
          status: report ? report.status : cached.status,
          policy: cached.policy,
          persistedAt: now,
          lastSampleAt: sampleDue ? now : cached.lastSampleAt,
        };
        this.cache.set(connectionId, next);
        this.announce(connectionId, committed.decisions, report, statusChanged, next);
        return {
          committed: committed.decisions,
          superseded,
          dropped: result.dropped,
          state: committed.state,
          epoch: committed.epoch,
        };
      } catch (err) {
        if (!(err instanceof Superseded)) throw err;
        this.cache.delete(connectionId);
        if (commanding) {
          superseded++;
          await this.recordSuperseded(connectionId, commanding, actor, now);
        }
        if (attempt >= this.settings.maxAttempts) {
          throw ProblemException.conflict(
            `connection ${connectionId} changed concurrently ${attempt} times; try again`,
          );
        }
      }
    }
  }

  private async commit(
    tx: EntityManager,
    cached: Cached,
    state: ConnectionDecisionState,
    decisions: Decision[],
    commanding: Decision | null,
    report: HealthReportDto | null,
    actor: Actor,
    now: number,
  ): Promise<{ state: ConnectionDecisionState; rowVersion: number; epoch: number; decisions: CommittedDecision[] }> {
    const connectionId = state.connectionId;
    const epochAfter = commanding ? cached.epoch + 1 : cached.epoch;
    const nextState: ConnectionDecisionState = { ...state, epoch: epochAfter };
    const set: string[] = [
      'decision_state = $1',
      'row_version = row_version + 1',
      'updated_at = $2',
      'maintenance = $3',
    ];
    const params: unknown[] = [JSON.stringify(nextState), new Date(now), nextState.maintenance];
    if (commanding) set.push('epoch = epoch + 1');
    if (report) {
      params.push(report.status, report.score, new Date(report.reportedAt), report.sequence);
      set.push(
        `status = $${params.length - 3}`,
        `score = $${params.length - 2}`,
        `last_report_at = $${params.length - 1}`,
        `last_report_seq = $${params.length}`,
      );
    }
    if (nextState.activeEndpointId !== cached.state.activeEndpointId && !commanding) {
      params.push(nextState.activeEndpointId);
      set.push(`active_endpoint_id = $${params.length}`);
    }
    params.push(connectionId, cached.epoch, cached.rowVersion);
    const n = params.length;
    // The compare-and-set: epoch and row version must be what this decision was taken on.
    const rows = (await tx.query(
      `update connections set ${set.join(', ')} where id = $${n - 2} and epoch = $${n - 1} and row_version = $${n} returning row_version, sidecar_id`,
      params,
    )) as [Array<{ row_version: number; sidecar_id: string | null }>, number];
    const updated = rows[0];
    if (!updated || updated.length === 0) throw new Superseded();
    const rowVersion = updated[0]!.row_version;
    const sidecarId = updated[0]!.sidecar_id;

    const out: CommittedDecision[] = [];
    for (const d of decisions) {
      const failoverEventId = d.decisionId;
      let outcome = outcomeOf(d);
      let outcomeDetail: string | null = d.rejection?.message ?? d.alert?.message ?? null;
      const commands = d === commanding && d.toEndpointId !== null;
      if (commands && !sidecarId) {
        // No sidecar manages the link: nothing can carry the switch out.
        outcome = 'FAILED';
        outcomeDetail = 'no sidecar manages this connection; the switch cannot be executed';
      }
      // The event first: the outbox row refers to it.
      await tx.getRepository(FailoverEventEntity).insert({
        id: failoverEventId,
        connectionId,
        action: d.action,
        trigger: d.trigger,
        reason: d.reason,
        fromEndpointId: d.fromEndpointId,
        toEndpointId: d.toEndpointId,
        epochBefore: cached.epoch,
        epochAfter: d === commanding ? epochAfter : null,
        decidedBy: actor.kind === 'controller' ? `controller:${this.replicaId}` : `${actor.kind}:${actor.id}`,
        shadow: d.shadow,
        outcome,
        outcomeDetail,
        detectedAt: report ? new Date(report.reportedAt) : null,
        decidedAt: new Date(d.decidedAt),
        commandIssuedAt: commands && sidecarId ? new Date(now) : null,
        deliveredAt: null,
        completedAt: outcome === 'PENDING' ? null : new Date(now),
        durationMs: null,
        phases: [],
      });
      const commandId =
        commands && sidecarId ? await this.writeCommand(tx, d, sidecarId, epochAfter, actor, now) : null;
      out.push({ decision: d, failoverEventId, commandId, epochAfter });
    }
    if (report && (report.status !== cached.status || now - cached.lastSampleAt >= this.settings.snapshotSampleMs)) {
      await tx.getRepository(HealthSnapshotEntity).insert({
        connectionId,
        sidecarId: report.sidecarId,
        kind: report.status !== cached.status ? 'TRANSITION' : 'SAMPLE',
        status: report.status,
        previousStatus: cached.status,
        score: report.score,
        activeEndpointId: report.activeEndpointId ?? null,
        hardSignal: report.hardSignal?.kind ?? null,
        report,
        reportedAt: new Date(report.reportedAt),
        receivedAt: new Date(now),
      });
    }
    return { state: nextState, rowVersion, epoch: epochAfter, decisions: out };
  }

  private async writeCommand(
    tx: EntityManager,
    d: Decision,
    sidecarId: string,
    epoch: number,
    actor: Actor,
    now: number,
  ): Promise<string> {
    const commandId = randomUUID();
    const deadline = d.deadline ?? now + 30_000;
    const command = {
      commandId,
      type: 'TRIGGER_FAILOVER',
      sidecarId,
      connectionId: d.connectionId,
      epoch,
      issuedAt: new Date(now).toISOString(),
      deadline: new Date(Math.max(deadline, now + 1_000)).toISOString(),
      issuer:
        actor.kind === 'operator' ? { kind: 'operator', id: actor.id } : { kind: 'controller', id: this.replicaId },
      reason: d.reason.slice(0, 1024),
      params: {
        targetEndpointId: d.toEndpointId,
        strategy: d.strategy ?? 'NETWORK_FAILURE',
        graceful: d.graceful,
        drainTimeoutMs: d.graceful ? 5_000 : 0,
        failoverEventId: d.decisionId,
      },
    };
    const checked = validateCommand(command);
    if (!checked.ok) {
      // A bug, not bad input: refuse to put an invalid command on the wire.
      throw new Error(
        `refusing to issue an invalid command: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
    }
    await tx.getRepository(CommandEntity).insert({
      id: commandId,
      type: 'TRIGGER_FAILOVER',
      sidecarId,
      connectionId: d.connectionId,
      epoch,
      command: checked.value as unknown as CommandDto,
      failoverEventId: d.decisionId,
      status: 'PENDING',
      issuedAt: new Date(now),
      deadline: new Date(command.deadline),
      attempts: 0,
      nextAttemptAt: new Date(now),
      delivered: {},
      firstDeliveredAt: null,
      ackedAt: null,
      result: null,
      statusDetail: null,
    });
    await tx.query(`select pg_notify('switchyard_outbox', $1)`, [commandId]);
    return commandId;
  }

  private async recordSuperseded(connectionId: string, d: Decision, actor: Actor, now: number): Promise<void> {
    const reason = `superseded: another controller replica changed connection ${connectionId} first; this decision (${d.action} to ${d.toEndpointId ?? 'none'}) was dropped and re-evaluated. Original reason: ${d.reason}`;
    try {
      await this.db.getRepository(FailoverEventEntity).insert({
        id: randomUUID(),
        connectionId,
        action: d.action,
        trigger: d.trigger,
        reason: reason.slice(0, 4000),
        fromEndpointId: d.fromEndpointId,
        toEndpointId: d.toEndpointId,
        epochBefore: d.epoch,
        epochAfter: null,
        decidedBy: actor.kind === 'controller' ? `controller:${this.replicaId}` : `${actor.kind}:${actor.id}`,
        shadow: d.shadow,
        outcome: 'SUPERSEDED',
        outcomeDetail: 'lost the epoch compare-and-set',
        detectedAt: null,
        decidedAt: new Date(d.decidedAt),
        commandIssuedAt: null,
        deliveredAt: null,
        completedAt: new Date(now),
        durationMs: null,
        phases: [],
      });
    } catch (err) {
      this.logger.warn(`could not record a superseded decision for ${connectionId}: ${(err as Error).message}`);
    }
  }

  private announce(
    connectionId: string,
    committed: CommittedDecision[],
    report: HealthReportDto | null,
    statusChanged: boolean,
    c: Cached,
  ): void {
    const at = this.clock.now().toISOString();
    if (statusChanged && report) {
      this.events.emit({
        type: 'connection.state',
        at,
        connectionId,
        sidecarId: report.sidecarId,
        data: {
          status: report.status,
          score: report.score,
          activeEndpointId: c.state.activeEndpointId,
          epoch: c.epoch,
          phase: c.state.phase,
        },
      });
    }
    for (const x of committed) {
      this.events.emit({
        type: 'failover.decided',
        at,
        connectionId,
        data: {
          failoverEventId: x.failoverEventId,
          action: x.decision.action,
          trigger: x.decision.trigger,
          from: x.decision.fromEndpointId,
          to: x.decision.toEndpointId,
          reason: x.decision.reason,
          shadow: x.decision.shadow,
          epoch: x.epochAfter,
          commandId: x.commandId,
        },
      });
      if (x.commandId) for (const l of this.outboxListeners) l(x.commandId);
    }
  }
}
