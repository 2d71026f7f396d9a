/**
 * The failover settings in force for a connection, lowest to highest precedence: the built-in
 * defaults, the latest `global` config version, the latest `connection:<id>` config version, and
 * the connection's own policy overrides (set through the ops API). Config versions change rarely:
 * they are cached for a few seconds.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_CONFIG, connectionScope, type FailoverSettingsDto } from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { ConfigVersionEntity, type ConnectionEntity } from '../database/entities';

const CACHE_MS = 2_000;

@Injectable()
export class PolicyResolver {
  private readonly cache = new Map<string, { doc: ConfigVersionEntity | null; until: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async failoverPolicy(conn: Pick<ConnectionEntity, 'id' | 'policy'>): Promise<FailoverSettingsDto> {
    const [global, scoped] = await Promise.all([this.latest('global'), this.latest(connectionScope(conn.id))]);
    return {
      ...DEFAULT_CONFIG.failover,
      ...(global?.document.failover ?? {}),
      ...(scoped?.document.failover ?? {}),
      ...(conn.policy as Partial<FailoverSettingsDto>),
    };
  }

  /** Forget cached versions (after a new version is created on this replica). */
  invalidate(): void {
    this.cache.clear();
  }

  private async latest(scope: string): Promise<ConfigVersionEntity | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(scope);
    if (hit && hit.until > now) return hit.doc;
    const doc = await this.db
      .getRepository(ConfigVersionEntity)
      .findOne({ where: { scope }, order: { version: 'DESC' } });
    this.cache.set(scope, { doc, until: now + CACHE_MS });
    return doc;
  }
}
