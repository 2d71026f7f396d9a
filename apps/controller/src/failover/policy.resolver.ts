/**
 * The failover settings in force for a connection, lowest to highest precedence: the built-in
 * defaults, the latest `global` config version, the latest `connection:<id>` config version, and
 * the connection's own policy overrides (set through the ops API). Config versions change rarely:
 * the latest version of every scope is kept in memory and refreshed at most every few seconds,
 * with one query for all scopes (`scope, max(version)`, an index-only scan) plus one for the
 * documents of scopes whose latest version changed. A health report therefore costs no query
 * here, however many connections there are.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_CONFIG, connectionScope, type FailoverSettingsDto } from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { ConfigVersionEntity, type ConnectionEntity } from '../database/entities';

const CACHE_MS = 2_000;

interface Latest {
  version: number;
  doc: ConfigVersionEntity;
}

@Injectable()
export class PolicyResolver {
  private latestByScope = new Map<string, Latest>();
  private validUntil = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  /** Bumped by invalidate(): a load that overlapped an invalidation does not make the cache valid. */
  private invalidations = 0;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async failoverPolicy(conn: Pick<ConnectionEntity, 'id' | 'policy'>): Promise<FailoverSettingsDto> {
    if (this.clock.now().getTime() >= this.validUntil) await this.refresh();
    const global = this.latestByScope.get('global')?.doc ?? null;
    const scoped = this.latestByScope.get(connectionScope(conn.id))?.doc ?? null;
    return {
      ...DEFAULT_CONFIG.failover,
      ...(global?.document.failover ?? {}),
      ...(scoped?.document.failover ?? {}),
      ...(conn.policy as Partial<FailoverSettingsDto>),
    };
  }

  /** Forget cached versions (after a new version is created on this replica). */
  invalidate(): void {
    this.invalidations++;
    this.validUntil = Number.NEGATIVE_INFINITY;
  }

  private refresh(): Promise<void> {
    // One refresh at a time; every caller waiting meanwhile shares it.
    this.refreshing ??= this.load().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const started = this.clock.now().getTime();
    const invalidations = this.invalidations;
    const heads = (await this.db.query(
      `select scope, max(version)::int as version from config_versions group by scope`,
    )) as Array<{ scope: string; version: number }>;
    const changed = heads.filter((h) => this.latestByScope.get(h.scope)?.version !== h.version);
    const next = new Map<string, Latest>();
    for (const h of heads) {
      const kept = this.latestByScope.get(h.scope);
      if (kept && kept.version === h.version) next.set(h.scope, kept);
    }
    if (changed.length > 0) {
      const docs = await this.db
        .getRepository(ConfigVersionEntity)
        .createQueryBuilder('v')
        .where('(v.scope, v.version) in (select * from unnest(:scopes::text[], :versions::int[]))', {
          scopes: changed.map((h) => h.scope),
          versions: changed.map((h) => h.version),
        })
        .getMany();
      for (const doc of docs) next.set(doc.scope, { version: doc.version, doc });
    }
    this.latestByScope = next;
    if (invalidations === this.invalidations) this.validUntil = started + CACHE_MS;
  }
}
