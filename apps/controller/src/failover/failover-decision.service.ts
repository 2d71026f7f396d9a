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
import { performance } from 'node:perf_hooks';
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
import type { ControllerMetrics } from '../observability/controller-metrics';
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

export interface ApplyOptions {
  /**
   * When the input arrived at this controller (`performance.now()` ms): the start of the
   * report → command latency. Defaults to the call of `apply`.
   */
  receivedAt?: number;
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
  /**
   * The state (and `unsavedReport`) changed without anything material: written by the next
   * `flushDirty`, batched with every other connection's, not by the input that changed it.
   */
  dirty: boolean;
  /** The latest report taken into `state` but not yet written to the row. */
  unsavedReport: HealthReportDto | null;
}

/** Most rows one flush statement writes (the rest go in the next statement of the same round). */
const FLUSH_CHUNK = 1_000;

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
  /** Connections whose cached state is ahead of their row (see Cached.dirty). */
  private readonly dirty = new Set<string>();
  private flushing: Promise<number> | null = null;
  /** Connections whose state a flush is writing now, and the flush (see flushChunk). */
  private readonly inFlush = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly engine: FailoverDecisionEngine,
    private readonly policies: PolicyResolver,
    private readonly events: RegistryEvents,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(DECISION_SETTINGS) private readonly settings: DecisionSettings,
    /** Optional so the service can be built bare (tests of the fencing rule); the module injects it. */
    private readonly metrics?: ControllerMetrics,
  ) {}

  /** Called with each command id committed to the outbox (the relay wakes up). */
  onOutboxWrite(listener: (commandId: string) => void): () => void {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  /** Forget cached state (partition revoked, connection edited): the next input reloads it. */
  forget(connectionId?: string): void {
    if (connectionId === undefined) {
      this.cache.clear();
      this.dirty.clear();
    } else {
      this.cache.delete(connectionId);
      this.dirty.delete(connectionId);
    }
  }

  /**
   * Forget the cached state of one sidecar's connections (it registered again, was declared lost
   * or deregistered: ownership or endpoints may have changed). Other connections keep their
   * cached, possibly not yet written, state.
   */
  forgetSidecar(sidecarId: string, connectionIds: readonly string[] = []): void {
    const listed = new Set(connectionIds);
    for (const [id, c] of this.cache) {
      if (c.sidecarId === sidecarId || listed.has(id)) {
        this.cache.delete(id);
        this.dirty.delete(id);
      }
    }
  }

  /** Connections with state not yet written (for tests and the flusher's shutdown log). */
  get unflushed(): number {
    return this.dirty.size;
  }

  /**
   * Writes every cached state that changed without anything material since the last flush, in
   * one statement per chunk instead of one transaction per connection. Each row is still a
   * compare-and-set on its epoch and row version (the fencing rule): a row another replica or an
   * ops edit changed meanwhile is not overwritten; its cached state is dropped and reloaded on
   * the next input. A decision of this replica that must write a row being flushed waits for
   * the flush, then decides again on the row version it left. Concurrent calls share the round
   * in flight.
   */
  flushDirty(): Promise<number> {
    this.flushing ??= this.flushRound().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushRound(): Promise<number> {
    const ids = [...this.dirty];
    let written = 0;
    for (let i = 0; i < ids.length; i += FLUSH_CHUNK) written += await this.flushChunk(ids.slice(i, i + FLUSH_CHUNK));
    return written;
  }

  private async flushChunk(ids: string[]): Promise<number> {
    const now = this.clock.now().getTime();
    const rows: Array<{ id: string; c: Cached }> = [];
    for (const id of ids) {
      const c = this.cache.get(id);
      this.dirty.delete(id);
      if (c?.dirty) rows.push({ id, c });
    }
    if (rows.length === 0) return 0;
    const sampled = new Set(
      rows
        .filter(({ c }) => c.unsavedReport !== null && now - c.lastSampleAt >= this.settings.snapshotSampleMs)
        .map(({ id }) => id),
    );
    // Inputs for these connections go on meanwhile (no lock is held: a flush of every link must
    // not stall ingest); one that needs a write of its own waits for this promise first, so the
    // two compare-and-sets never race on the same row version. Reconciled before it resolves.
    const done = this.db
      .transaction((tx) => this.writeFlush(tx, rows, sampled, now))
      .then(
        (updated) => {
          this.reconcileFlush(rows, updated, sampled, now);
          return updated.size;
        },
        (err: unknown) => {
          // The database is away: keep the states dirty, try again next round.
          for (const { id } of rows) this.dirty.add(id);
          this.logger.warn(`could not write ${rows.length} connection states: ${(err as Error).message}`);
          return 0;
        },
      );
    for (const { id } of rows) this.inFlush.set(id, done);
    try {
      return await done;
    } finally {
      for (const { id } of rows) if (this.inFlush.get(id) === done) this.inFlush.delete(id);
    }
  }

  private reconcileFlush(
    rows: Array<{ id: string; c: Cached }>,
    updated: ReadonlyMap<string, number>,
    sampled: ReadonlySet<string>,
    now: number,
  ): void {
    for (const { id, c } of rows) {
      const current = this.cache.get(id);
      // Forgotten meanwhile (an ops edit, a re-registration) or reloaded: nothing to adjust.
      if (current === undefined || current.epoch !== c.epoch || current.rowVersion !== c.rowVersion) continue;
      const rowVersion = updated.get(id);
      if (rowVersion === undefined) {
        // The row moved on without us (another replica, an ops edit): reload on the next input.
        this.cache.delete(id);
        continue;
      }
      const lastSampleAt = sampled.has(id) ? now : current.lastSampleAt;
      if (current === c) {
        this.cache.set(id, { ...c, rowVersion, persistedAt: now, lastSampleAt, dirty: false, unsavedReport: null });
      } else {
        // Immaterial inputs arrived during the write: their newer state stays dirty, on the new row version.
        this.cache.set(id, { ...current, rowVersion, persistedAt: now, lastSampleAt });
      }
    }
  }

  private async writeFlush(
    tx: EntityManager,
    rows: Array<{ id: string; c: Cached }>,
    sampled: ReadonlySet<string>,
    now: number,
  ): Promise<Map<string, number>> {
    const report = (c: Cached) => c.unsavedReport;
    const result = (await tx.query(
      `update connections c set
         decision_state = v.state,
         row_version = c.row_version + 1,
         updated_at = $8,
         score = coalesce(v.score, c.score),
         last_report_at = coalesce(v.reported_at, c.last_report_at),
         last_report_seq = coalesce(v.seq, c.last_report_seq)
       from unnest($1::text[], $2::bigint[], $3::int[], $4::jsonb[], $5::int[], $6::timestamptz[], $7::bigint[])
         as v(id, epoch, row_version, state, score, reported_at, seq)
       where c.id = v.id and c.epoch = v.epoch and c.row_version = v.row_version
       returning c.id, c.row_version`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.c.epoch),
        rows.map((r) => r.c.rowVersion),
        rows.map((r) => JSON.stringify(r.c.state)),
        rows.map((r) => report(r.c)?.score ?? null),
        rows.map((r) => report(r.c)?.reportedAt ?? null),
        rows.map((r) => report(r.c)?.sequence ?? null),
        new Date(now),
      ],
    )) as [Array<{ id: string; row_version: number }>, number];
    const updated = new Map(result[0].map((r) => [r.id, r.row_version]));
    const samples = rows.filter((r) => sampled.has(r.id) && updated.has(r.id) && r.c.unsavedReport !== null);
    if (samples.length > 0) {
      await tx.getRepository(HealthSnapshotEntity).insert(
        samples.map(({ id, c }) => {
          const r = c.unsavedReport!;
          return {
            connectionId: id,
            sidecarId: r.sidecarId,
            kind: 'SAMPLE' as const,
            status: r.status,
            previousStatus: c.status,
            score: r.score,
            activeEndpointId: r.activeEndpointId ?? null,
            hardSignal: r.hardSignal?.kind ?? null,
            report: r,
            reportedAt: new Date(r.reportedAt),
            receivedAt: new Date(now),
          };
        }),
      );
    }
    return updated;
  }

  apply(connectionId: string, input: DecisionInput, actor: Actor, options: ApplyOptions = {}): Promise<ApplyOutcome> {
    const receivedAt = options.receivedAt ?? performance.now();
    return this.mutex.run(connectionId, async () => {
      const started = performance.now();
      const outcome = await this.applyLocked(connectionId, input, actor);
      if (this.metrics) this.observe(input, outcome, started, receivedAt);
      return outcome;
    });
  }

  private observe(input: DecisionInput, outcome: ApplyOutcome, started: number, receivedAt: number): void {
    const metrics = this.metrics!;
    const end = performance.now();
    metrics.decisionSeconds.observe({ input: input.type }, (end - started) / 1000);
    for (const c of outcome.committed) {
      metrics.decisions.inc({
        action: c.decision.action,
        trigger: c.decision.trigger,
        shadow: String(c.decision.shadow),
      });
      if (c.commandId !== null && input.type === 'HEALTH_REPORT') {
        metrics.reportToCommandSeconds.observe((end - receivedAt) / 1000);
      }
    }
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
      dirty: false,
      unsavedReport: null,
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
      if ((input.type === 'MANUAL_SWITCHOVER' || input.type === 'MANUAL_FAILBACK') && cached.sidecarId === null) {
        this.cache.set(connectionId, cached);
        throw ProblemException.conflict(
          `connection ${connectionId} is not managed by any sidecar: nothing could execute a switch; it can move once a sidecar registers it`,
          { connectionId },
        );
      }
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
        (result.state.pending?.decisionId ?? null) !== (cached.state.pending?.decisionId ?? null);

      if (!material) {
        // Nothing an operator or another replica must see now: no query; the state is written
        // by the next batched flush (at most `persistIntervalMs` later).
        if (result.state !== cached.state || report !== null) {
          this.cache.set(connectionId, {
            ...cached,
            state: result.state,
            dirty: true,
            unsavedReport: report ?? cached.unsavedReport,
          });
          this.dirty.add(connectionId);
        } else {
          this.cache.set(connectionId, cached);
        }
        return { committed: [], superseded, dropped: result.dropped, state: result.state, epoch: cached.epoch };
      }

      const flushing = this.inFlush.get(connectionId);
      if (flushing !== undefined) {
        // A batched flush is writing this row: commit on the row version it leaves, decide again.
        await flushing;
        attempt--;
        continue;
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
          dirty: false,
          unsavedReport: null,
        };
        this.cache.set(connectionId, next);
        this.dirty.delete(connectionId);
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
          this.metrics?.superseded.inc();
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
