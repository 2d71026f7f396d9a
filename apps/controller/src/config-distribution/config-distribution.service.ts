/**
 * Versioned config documents per scope (`global`, `connection:<id>`), validated with the same
 * libs/contracts class the sidecar applies them with, published on every path there is, and the
 * rollout: which sidecars applied or rejected which version.
 *
 * - Versions are assigned by the server, `max(version) + 1` per scope, under a transaction-scoped
 *   advisory lock on the scope so two operators publishing at once get consecutive versions; an
 *   explicit `version` that is not the next one is refused (409: someone published in between).
 * - Publishing: Kafka compacted `config-updates` (key = scope, so the topic keeps the latest
 *   document of each scope), Redis `SET connection:{id}:config` for connection scopes, and the
 *   sidecars' HTTP streams (`event: config`, NOTIFY fan-out). `published_at` is set once every
 *   available path took it; the leader re-publishes versions left unpublished (a path was down).
 * - Acks (`config-ack` over Kafka or REST) are upserted into config_rollouts; a repeat changes nothing.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource, IsNull } from 'typeorm';
import {
  REDIS_KEYS,
  TOPICS,
  createEnvelope,
  isPlainObject,
  validateConfigDocument,
  type ConfigAckDto,
  type ConfigDocumentDto,
} from '@switchyard/contracts';
import type { EnvelopeProducer } from '@switchyard/messaging';
import { CommandResultsConsumer } from '../commands/command-results.consumer';
import { notifyStreams } from '../commands/command-stream.hub';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem/problem.exception';
import { ConfigRolloutEntity, ConfigVersionEntity } from '../database/entities';
import { REPLICA_ID } from '../failover/failover-decision.service';
import { PolicyResolver } from '../failover/policy.resolver';
import { KAFKA_PRODUCER, REDIS } from '../infrastructure/transports';
import { LeaderElection, type LeaderTask } from '../leader/leader-election.service';
import { withTimeout } from '../leader/with-timeout';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';

const PUBLISH_TIMEOUT_MS = 5_000;
const REPUBLISH_EVERY_MS = 5_000;

export interface ConfigVersionView {
  scope: string;
  version: number;
  document: ConfigDocumentDto;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
}

export type RolloutStatus = 'APPLIED' | 'REJECTED' | 'PENDING';

export interface RolloutView {
  scope: string;
  version: number;
  createdAt: string;
  publishedAt: string | null;
  summary: Record<RolloutStatus, number>;
  sidecars: Array<{
    sidecarId: string;
    status: RolloutStatus;
    errors: Array<{ path: string; message: string }>;
    ackedAt: string | null;
  }>;
}

export type AckDisposition = 'recorded' | 'unchanged' | 'unknown-version';

export function versionView(v: ConfigVersionEntity): ConfigVersionView {
  return {
    scope: v.scope,
    version: v.version,
    document: v.document,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ConfigDistributionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ConfigDistribution');
  private task: LeaderTask | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly policies: PolicyResolver,
    private readonly leader: LeaderElection,
    private readonly metrics: ControllerMetrics,
    private readonly events: RegistryEvents,
    private readonly resultsConsumer: CommandResultsConsumer,
    @Inject(KAFKA_PRODUCER) private readonly producer: EnvelopeProducer | null,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  onModuleInit(): void {
    this.resultsConsumer.handleConfigAcks((ack) => this.recordAck(ack));
    this.task = this.leader.runWhileLeader('config-republish', REPUBLISH_EVERY_MS, () => this.republishPending());
  }

  onModuleDestroy(): void {
    this.task?.stop();
  }

  /** Creates the next version of a scope from a document without (or with the expected) version. */
  async create(body: unknown, createdBy: string): Promise<ConfigVersionView> {
    if (!isPlainObject(body)) {
      throw ProblemException.validation([{ path: '', message: 'expected a JSON object (a config document)' }]);
    }
    const explicit = body['version'];
    // Validate everything but the version first: a bad document gets its 400 before any lock.
    const pre = validateConfigDocument({ ...body, version: explicit === undefined ? 1 : explicit });
    if (!pre.ok) throw ProblemException.validation(pre.errors);
    const scope = pre.value.scope;
    const now = this.clock.now();

    const created = await this.db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`switchyard-config:${scope}`]);
      const [{ latest }] = (await tx.query(
        `select coalesce(max(version), 0)::int as latest from config_versions where scope = $1`,
        [scope],
      )) as [{ latest: number }];
      const next = latest + 1;
      if (explicit !== undefined && explicit !== next) {
        throw ProblemException.conflict(
          `version ${String(explicit)} is not the next version of ${scope}: the latest is ${latest}, so the next is ${next} (omit version to get it assigned)`,
          { scope, latestVersion: latest, nextVersion: next },
        );
      }
      const checked = validateConfigDocument({ ...body, version: next });
      if (!checked.ok) throw ProblemException.validation(checked.errors);
      const row: ConfigVersionEntity = {
        scope,
        version: next,
        document: { ...checked.value } as ConfigDocumentDto,
        createdBy,
        createdAt: now,
        publishedAt: null,
      };
      await tx.getRepository(ConfigVersionEntity).insert(row);
      return row;
    });
    this.policies.invalidate();
    this.events.emit({
      type: 'config.published',
      at: now.toISOString(),
      ...(scope.startsWith('connection:') ? { connectionId: scope.slice('connection:'.length) } : {}),
      data: { scope, version: created.version, createdBy },
    });
    await this.publish(created);
    return versionView(created);
  }

  async list(scope: string | undefined, limit: number): Promise<ConfigVersionView[]> {
    const rows = await this.db.getRepository(ConfigVersionEntity).find({
      where: scope ? { scope: scope as ConfigVersionEntity['scope'] } : {},
      order: { createdAt: 'DESC', scope: 'ASC', version: 'DESC' },
      take: limit,
    });
    return rows.map(versionView);
  }

  async get(scope: string, version: number): Promise<ConfigVersionView> {
    const row = await this.db
      .getRepository(ConfigVersionEntity)
      .findOneBy({ scope: scope as ConfigVersionEntity['scope'], version });
    if (!row) throw ProblemException.notFound(`config version ${scope}@${version}`);
    return versionView(row);
  }

  /** Per sidecar: APPLIED / REJECTED (with reasons) / PENDING (active sidecars that have not acked). */
  async rollout(scope: string, version?: number): Promise<RolloutView> {
    const repo = this.db.getRepository(ConfigVersionEntity);
    const row =
      version === undefined
        ? await repo.findOne({ where: { scope: scope as ConfigVersionEntity['scope'] }, order: { version: 'DESC' } })
        : await repo.findOneBy({ scope: scope as ConfigVersionEntity['scope'], version });
    if (!row) {
      throw ProblemException.notFound(
        version === undefined ? `config scope ${scope}` : `config version ${scope}@${version}`,
      );
    }
    const acks = await this.db
      .getRepository(ConfigRolloutEntity)
      .find({ where: { scope: row.scope, version: row.version }, order: { sidecarId: 'ASC' } });
    const targets = (
      scope === 'global'
        ? await this.db.query(`select id from sidecars where status = 'ACTIVE' order by id`)
        : await this.db.query(
            `select s.id from connections c join sidecars s on s.id = c.sidecar_id
              where 'connection:' || c.id = $1 and s.status = 'ACTIVE'`,
            [scope],
          )
    ) as Array<{ id: string }>;
    const acked = new Set(acks.map((a) => a.sidecarId));
    const sidecars: RolloutView['sidecars'] = [
      ...acks.map((a) => ({
        sidecarId: a.sidecarId,
        status: a.status as RolloutStatus,
        errors: a.errors,
        ackedAt: a.ackedAt.toISOString(),
      })),
      ...targets
        .filter((t) => !acked.has(t.id))
        .map((t) => ({ sidecarId: t.id, status: 'PENDING' as const, errors: [], ackedAt: null })),
    ].sort((a, b) => a.sidecarId.localeCompare(b.sidecarId));
    const summary: Record<RolloutStatus, number> = { APPLIED: 0, REJECTED: 0, PENDING: 0 };
    for (const s of sidecars) summary[s.status]++;
    return {
      scope: row.scope,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      publishedAt: row.publishedAt?.toISOString() ?? null,
      summary,
      sidecars,
    };
  }

  /**
   * The REST fallback of the central config source: the latest document of every scope that
   * applies, lowest precedence first (global, then the connection scopes). Documents are complete,
   * so a connection's effective config is its own scope's document when there is one.
   */
  async effective(sidecarId?: string, connectionId?: string): Promise<{ documents: ConfigDocumentDto[] }> {
    const rows = (await this.db.query(
      `select distinct on (scope) scope, version, document from config_versions
        where scope = 'global'
           or ($1::text is not null and scope = 'connection:' || $1::text)
           or ($1::text is null and $2::text is not null
               and scope in (select 'connection:' || id from connections where sidecar_id = $2::text))
        order by scope, version desc`,
      [connectionId ?? null, sidecarId ?? null],
    )) as Array<{ scope: string; document: ConfigDocumentDto }>;
    rows.sort((a, b) => (a.scope === 'global' ? -1 : b.scope === 'global' ? 1 : a.scope.localeCompare(b.scope)));
    return { documents: rows.map((r) => r.document) };
  }

  async recordAck(ack: ConfigAckDto): Promise<AckDisposition> {
    const exists = await this.db
      .getRepository(ConfigVersionEntity)
      .existsBy({ scope: ack.scope, version: ack.version });
    if (!exists) {
      this.logger.warn(`ignored a config ack from ${ack.sidecarId} for unknown version ${ack.scope}@${ack.version}`);
      return 'unknown-version';
    }
    const errors = ack.errors?.map((e) => ({ path: e.path, message: e.message })) ?? [];
    const res = (await this.db.query(
      `insert into config_rollouts (scope, version, sidecar_id, status, errors, acked_at)
       values ($1, $2, $3, $4, $5::jsonb, $6)
       on conflict (scope, version, sidecar_id) do update
         set status = excluded.status, errors = excluded.errors, acked_at = excluded.acked_at
         where config_rollouts.status <> excluded.status or config_rollouts.errors <> excluded.errors
       returning 1`,
      [ack.scope, ack.version, ack.sidecarId, ack.status, JSON.stringify(errors), new Date(ack.appliedAt)],
    )) as unknown[];
    if (res.length === 0) return 'unchanged';
    this.metrics.configAcks.inc({ status: ack.status });
    this.events.emit({
      type: 'config.acked',
      at: this.clock.now().toISOString(),
      sidecarId: ack.sidecarId,
      data: { scope: ack.scope, version: ack.version, status: ack.status, errors: errors.length },
    });
    if (ack.status === 'REJECTED') {
      this.logger.warn(
        `sidecar ${ack.sidecarId} rejected ${ack.scope}@${ack.version}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
    }
    return 'recorded';
  }

  /** Hands a version to every available path; marks it published when all of them took it. */
  async publish(row: ConfigVersionEntity): Promise<boolean> {
    const envelope = createEnvelope(
      'config-update',
      row.document,
      { sender: { kind: 'controller', id: this.replicaId } },
      { now: () => this.clock.now() },
    );
    const attempts: Array<Promise<void>> = [
      notifyStreams(
        (sql, params) => this.db.query(sql, params),
        [{ type: 'config', scope: row.scope, version: row.version }],
      ),
    ];
    if (this.producer) {
      attempts.push(
        withTimeout(
          this.producer.send({ topic: TOPICS.CONFIG_UPDATES, envelope, key: row.scope }),
          PUBLISH_TIMEOUT_MS,
          'kafka config-updates send',
        ),
      );
    }
    if (this.redis && row.scope.startsWith('connection:')) {
      const connectionId = row.scope.slice('connection:'.length);
      attempts.push(
        withTimeout(
          this.redis.set(REDIS_KEYS.connectionConfig(connectionId), JSON.stringify(row.document)).then(() => undefined),
          PUBLISH_TIMEOUT_MS,
          'redis config set',
        ),
      );
    }
    const settled = await Promise.allSettled(attempts);
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failures.length > 0) {
      this.logger.warn(
        `config ${row.scope}@${row.version} not yet published everywhere (retried by the leader): ${failures
          .map((f) => (f.reason as Error).message)
          .join('; ')}`,
      );
      return false;
    }
    const at = this.clock.now();
    await this.db
      .getRepository(ConfigVersionEntity)
      .update({ scope: row.scope, version: row.version }, { publishedAt: at });
    row.publishedAt = at;
    return true;
  }

  /** Leader: re-publish versions a path missed (older than one period, so a create in flight is left alone). */
  async republishPending(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - REPUBLISH_EVERY_MS);
    const rows = await this.db.getRepository(ConfigVersionEntity).find({
      where: { publishedAt: IsNull() },
      order: { createdAt: 'ASC' },
      take: 20,
    });
    let published = 0;
    for (const row of rows.filter((r) => r.createdAt < cutoff)) if (await this.publish(row)) published++;
    return published;
  }
}
