/**
 * The outbox relay (leader only): hands every due command to every delivery path there is —
 * Kafka `failover-commands` (key = sidecar id), Redis `PUBLISH failover-commands`, and the HTTP
 * command stream (through the NOTIFY fan-out) — and re-sends it with backoff until its result
 * arrives or its deadline passes. Sidecars execute a command id once and drop the copies, so a
 * command survives the loss of any one path, and a re-send is never a second execution.
 *
 * Wakes on `LISTEN switchyard_outbox` (a command committed by any replica), on this replica's own
 * outbox writes, and on a 1 s poll as the backstop. Rows are claimed with
 * `for update skip locked` and leased (next_attempt_at pushed past the send) before any I/O, so
 * no transaction stays open across a network call and two relays (a brief leader overlap) never
 * send the same attempt twice. A path that fails is counted and does not stop the others.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  REDIS_CHANNELS,
  TOPICS,
  createEnvelope,
  type CommandDto,
  type Envelope,
  type MessagePayloads,
} from '@switchyard/contracts';
import type { EnvelopeProducer } from '@switchyard/messaging';
import { Clock } from '../common/clock';
import type { DeliveryPath } from '../database/entities';
import { FailoverDecisionService, REPLICA_ID } from '../failover/failover-decision.service';
import { KAFKA_PRODUCER, REDIS } from '../infrastructure/transports';
import { LeaderElection, type LeaderTask } from '../leader/leader-election.service';
import { PG_CHANNELS, PgNotifications } from '../leader/pg-notifications';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';
import { notifyStreams } from './command-stream.hub';
import { RELAY_SETTINGS, nextAttemptDelayMs, type RelaySettings } from './relay-settings';
import { withTimeout } from '../leader/with-timeout';

interface ClaimedRow {
  id: string;
  sidecar_id: string;
  connection_id: string | null;
  status: string;
  issued_at: Date;
  deadline: Date;
  attempts: number;
  delivered: Partial<Record<DeliveryPath, string>>;
  command: CommandDto;
}

export interface RelayRunStats {
  claimed: number;
  delivered: Record<DeliveryPath, number>;
  failed: Record<DeliveryPath, number>;
}

@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private task: LeaderTask | null = null;
  private readonly unsubscribe: Array<() => void> = [];
  /** Cycles completed by this replica (tests and the status view wait on it). */
  cycles = 0;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly leader: LeaderElection,
    private readonly notifications: PgNotifications,
    private readonly decisions: FailoverDecisionService,
    private readonly metrics: ControllerMetrics,
    private readonly events: RegistryEvents,
    @Inject(KAFKA_PRODUCER) private readonly producer: EnvelopeProducer | null,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(RELAY_SETTINGS) private readonly settings: RelaySettings,
  ) {}

  onModuleInit(): void {
    this.task = this.leader.runWhileLeader('outbox-relay', this.settings.pollMs, () => this.relayDue());
    const wake = (): void => this.task?.trigger();
    this.unsubscribe.push(
      this.notifications.on(PG_CHANNELS.OUTBOX, wake),
      this.notifications.onReconnect(wake),
      this.decisions.onOutboxWrite(wake),
    );
  }

  onApplicationBootstrap(): void {
    const paths = ['http', ...(this.producer ? ['kafka'] : []), ...(this.redis ? ['redis'] : [])];
    this.logger.log(`relay paths when leader: ${paths.join(', ')}`);
  }

  onModuleDestroy(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.task?.stop();
  }

  /** One relay run: due batches until none is full (bounded rounds, so a run always ends). */
  async relayDue(): Promise<RelayRunStats> {
    const total: RelayRunStats = { claimed: 0, delivered: zero(), failed: zero() };
    try {
      for (let round = 0; round < this.settings.maxBatchesPerRun; round++) {
        const stats = await this.relayBatch();
        total.claimed += stats.claimed;
        for (const p of PATHS) {
          total.delivered[p] += stats.delivered[p];
          total.failed[p] += stats.failed[p];
        }
        if (stats.claimed < this.settings.batchSize || !this.leader.isLeader()) break;
      }
    } finally {
      this.cycles++;
    }
    return total;
  }

  private async relayBatch(): Promise<RelayRunStats> {
    const stats: RelayRunStats = { claimed: 0, delivered: zero(), failed: zero() };
    const now = this.clock.now();
    // The lease: long enough for every path's timeout, so a concurrent relay skips these rows.
    const leaseUntil = new Date(now.getTime() + this.settings.pathTimeoutMs + 2_000);
    const claimed = (await this.db.query(
      `with due as (
         select id from commands
          where status in ('PENDING', 'DELIVERED') and next_attempt_at <= $1 and deadline > $1
          order by next_attempt_at
          limit $2
          for update skip locked)
       update commands c set next_attempt_at = $3
         from due where c.id = due.id
       returning c.id, c.sidecar_id, c.connection_id, c.status, c.issued_at, c.deadline, c.attempts, c.delivered, c.command`,
      [now, this.settings.batchSize, leaseUntil],
    )) as [ClaimedRow[], number];
    const rows = claimed[0] ?? [];
    stats.claimed = rows.length;
    if (rows.length === 0) return stats;

    const envelopes = rows.map((r) =>
      createEnvelope(
        'command',
        r.command as MessagePayloads['command'],
        { sender: { kind: 'controller', id: this.replicaId } },
        { now: () => this.clock.now() },
      ),
    );
    const [kafka, redis, http] = await Promise.all([
      this.viaKafka(rows, envelopes),
      this.viaRedis(rows, envelopes),
      this.viaHttp(rows),
    ]);
    const handedOver: Record<DeliveryPath, Set<string>> = { kafka, redis, http: new Set<string>() };
    if (!http) stats.failed.http += rows.length;

    // Record the attempt: per path hand-over time, first delivery, the next attempt with backoff.
    const done = this.clock.now();
    const ids: string[] = [];
    const paths: string[] = [];
    const nextAt: Date[] = [];
    for (const r of rows) {
      const delivered: Partial<Record<DeliveryPath, string>> = {};
      for (const p of ['kafka', 'redis'] as const) {
        if (handedOver[p].has(r.id)) {
          delivered[p] = done.toISOString();
          stats.delivered[p]++;
          if (!r.delivered[p]) {
            this.metrics.commandDeliverySeconds.observe(
              { path: p },
              Math.max(0, (done.getTime() - new Date(r.issued_at).getTime()) / 1000),
            );
          }
        }
      }
      if (this.producer && !kafka.has(r.id)) stats.failed.kafka++;
      if (this.redis && !redis.has(r.id)) stats.failed.redis++;
      ids.push(r.id);
      paths.push(JSON.stringify(delivered));
      const delay = nextAttemptDelayMs(r.attempts + 1, this.settings);
      nextAt.push(new Date(done.getTime() + delay));
    }
    const updated = (await this.db.query(
      `update commands c
          set delivered = c.delivered || x.paths::jsonb,
              first_delivered_at = case when x.paths <> '{}' then coalesce(c.first_delivered_at, $4) else c.first_delivered_at end,
              status = case when c.status = 'PENDING' and x.paths <> '{}' then 'DELIVERED' else c.status end,
              attempts = c.attempts + 1,
              next_attempt_at = x.next_at
         from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as x(id, paths, next_at)
        where c.id = x.id
        returning c.id, c.status, c.connection_id, c.sidecar_id, c.attempts`,
      [ids, paths, nextAt, done],
    )) as [
      Array<{ id: string; status: string; connection_id: string | null; sidecar_id: string; attempts: number }>,
      number,
    ];
    for (const u of updated[0] ?? []) {
      const before = rows.find((r) => r.id === u.id);
      if (before?.status === 'PENDING' && u.status === 'DELIVERED') {
        this.events.emit({
          type: 'command.updated',
          at: done.toISOString(),
          ...(u.connection_id ? { connectionId: u.connection_id } : {}),
          sidecarId: u.sidecar_id,
          data: { commandId: u.id, status: u.status, attempts: u.attempts },
        });
      }
    }
    for (const p of PATHS)
      if (stats.failed[p] > 0) this.metrics.commandDeliveryFailures.inc({ path: p }, stats.failed[p]);
    return stats;
  }

  private async viaKafka(rows: ClaimedRow[], envelopes: Envelope[]): Promise<Set<string>> {
    if (!this.producer) return new Set();
    try {
      await withTimeout(
        this.producer.sendBatch(
          envelopes.map((envelope, i) => ({ topic: TOPICS.FAILOVER_COMMANDS, envelope, key: rows[i]!.sidecar_id })),
        ),
        this.settings.pathTimeoutMs,
        'kafka send',
      );
      return new Set(rows.map((r) => r.id));
    } catch (err) {
      this.logger.warn(`kafka path failed for ${rows.length} command(s): ${(err as Error).message}`);
      return new Set();
    }
  }

  private async viaRedis(rows: ClaimedRow[], envelopes: Envelope[]): Promise<Set<string>> {
    const ok = new Set<string>();
    if (!this.redis) return ok;
    try {
      const pipeline = this.redis.pipeline();
      for (const e of envelopes) pipeline.publish(REDIS_CHANNELS.FAILOVER_COMMANDS, JSON.stringify(e));
      const results = await withTimeout(pipeline.exec(), this.settings.pathTimeoutMs, 'redis publish');
      (results ?? []).forEach(([err], i) => {
        if (!err) ok.add(rows[i]!.id);
      });
      if (ok.size < rows.length) this.logger.warn(`redis path refused ${rows.length - ok.size} command(s)`);
    } catch (err) {
      this.logger.warn(`redis path failed for ${rows.length} command(s): ${(err as Error).message}`);
    }
    return ok;
  }

  /** The HTTP path: ask every replica to push to the streams it serves (they record the delivery). */
  private async viaHttp(rows: ClaimedRow[]): Promise<boolean> {
    try {
      await notifyStreams(
        (sql, params) => this.db.query(sql, params),
        rows.map((r) => ({ type: 'command', commandId: r.id, sidecarId: r.sidecar_id })),
      );
      return true;
    } catch (err) {
      this.logger.warn(`http stream fan-out failed: ${(err as Error).message}`);
      return false;
    }
  }
}

const PATHS: readonly DeliveryPath[] = ['kafka', 'redis', 'http'];

function zero(): Record<DeliveryPath, number> {
  return { kafka: 0, redis: 0, http: 0 };
}
