/**
 * The leader's periodic sweeps:
 * - sidecar TTL: every ~TTL/3, sidecars silent for longer than the TTL are declared LOST;
 * - decision ticks: every second, a TICK for each connection whose decision state needs time to
 *   pass (not STEADY, a switch in flight, a hold-down running, or bad since some instant), in
 *   bounded batches that rotate through the set so a large fleet is covered fairly;
 * - registry gauges: every 5 s, sidecars and connections by status, connections without a
 *   healthy target, outbox backlog. Only the leader sets them; on losing leadership they are
 *   reset, so a follower never exports stale fleet figures.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ControllerEnv } from '../config/env.validation';
import { FailoverDecisionService, REPLICA_ID } from '../failover/failover-decision.service';
import { LeaderElection, type LeaderTask } from '../leader/leader-election.service';
import { ControllerMetrics } from '../observability/controller-metrics';
import { SidecarRegistryService } from '../registry/sidecar-registry.service';

export const TICK_BATCH = 200;
export const TICK_EVERY_MS = 1_000;
export const GAUGES_EVERY_MS = 5_000;

const SIDECAR_STATUSES = ['ACTIVE', 'LOST', 'DEREGISTERED'] as const;
const CONNECTION_STATUSES = ['CONNECTING', 'ACTIVE', 'DEGRADED', 'FAILED', 'UNKNOWN'] as const;

@Injectable()
export class LeaderSweeps implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LeaderSweeps');
  private readonly tasks: LeaderTask[] = [];
  private unsubscribe: (() => void) | null = null;
  /** Where the next tick batch starts (connection id order), so batches rotate through the set. */
  private tickCursor = '';

  constructor(
    private readonly db: DataSource,
    private readonly leader: LeaderElection,
    private readonly registry: SidecarRegistryService,
    private readonly decisions: FailoverDecisionService,
    private readonly metrics: ControllerMetrics,
    private readonly env: ControllerEnv,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  onModuleInit(): void {
    const ttlEvery = Math.max(1_000, Math.floor(this.env.SIDECAR_TTL_MS / 3));
    this.tasks.push(
      this.leader.runWhileLeader('sidecar-expiry', ttlEvery, () => this.expireSidecars()),
      this.leader.runWhileLeader('decision-ticks', TICK_EVERY_MS, () => this.tick()),
      this.leader.runWhileLeader('registry-gauges', GAUGES_EVERY_MS, () => this.refreshGauges()),
    );
    this.unsubscribe = this.leader.onChange((leader) => {
      if (!leader) this.resetGauges();
    });
  }

  onModuleDestroy(): void {
    for (const t of this.tasks.splice(0)) t.stop();
    this.unsubscribe?.();
  }

  async expireSidecars(): Promise<string[]> {
    const expired = await this.registry.expireSilentSidecars();
    if (expired.length > 0) {
      this.logger.warn(
        `declared ${expired.length} sidecar(s) LOST after ${this.env.SIDECAR_TTL_MS} ms of silence: ${expired.join(', ')}`,
      );
    }
    return expired;
  }

  /** One batch of TICKs; returns the connections ticked. */
  async tick(): Promise<string[]> {
    const rows = (await this.db.query(
      `select id from connections
        where decision_state is not null
          and (decision_state->>'phase' is distinct from 'STEADY'
               or coalesce(decision_state->'pending', 'null'::jsonb) <> 'null'::jsonb
               or coalesce(decision_state->'holdDownUntil', 'null'::jsonb) <> 'null'::jsonb
               or coalesce(decision_state->'badSince', 'null'::jsonb) <> 'null'::jsonb)
          and id > $1
        order by id
        limit $2`,
      [this.tickCursor, TICK_BATCH],
    )) as Array<{ id: string }>;
    // A short batch means the end of the set: start from the beginning next time.
    this.tickCursor = rows.length < TICK_BATCH ? '' : rows[rows.length - 1]!.id;
    const ticked: string[] = [];
    for (const { id } of rows) {
      if (!this.leader.isLeader()) break;
      try {
        await this.decisions.apply(id, { type: 'TICK' }, { kind: 'controller', id: this.replicaId });
        ticked.push(id);
      } catch (err) {
        this.logger.warn(`tick of ${id} failed: ${(err as Error).message}`);
      }
    }
    return ticked;
  }

  async refreshGauges(): Promise<void> {
    const sidecars = (await this.db.query(`select status, count(*)::int as n from sidecars group by status`)) as Array<{
      status: string;
      n: number;
    }>;
    const connections = (await this.db.query(
      `select status, count(*)::int as n,
              count(*) filter (where decision_state->>'phase' = 'FAILED')::int as without_target
         from connections group by status`,
    )) as Array<{ status: string; n: number; without_target: number }>;
    const [{ pending }] = (await this.db.query(
      `select count(*)::int as pending from commands where status in ('PENDING', 'DELIVERED')`,
    )) as [{ pending: number }];
    if (!this.leader.isLeader()) return;
    for (const s of SIDECAR_STATUSES)
      this.metrics.sidecars.set({ status: s }, sidecars.find((r) => r.status === s)?.n ?? 0);
    for (const s of CONNECTION_STATUSES) {
      this.metrics.connections.set({ status: s }, connections.find((r) => r.status === s)?.n ?? 0);
    }
    this.metrics.connectionsWithoutTarget.set(connections.reduce((sum, r) => sum + r.without_target, 0));
    this.metrics.outboxPending.set(pending);
  }

  private resetGauges(): void {
    this.metrics.sidecars.reset();
    this.metrics.connections.reset();
    this.metrics.connectionsWithoutTarget.reset();
    this.metrics.outboxPending.reset();
  }
}
