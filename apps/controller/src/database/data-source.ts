/**
 * The controller's PostgreSQL data source: entities, migrations, pool. Migrations run under an
 * advisory lock so several replicas starting together apply them exactly once; `synchronize` is
 * never used.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialRegistry1795400000000 } from './migrations/1795400000000-initial-registry';
import { KeepFailoverHistory1795400000500 } from './migrations/1795400000500-keep-failover-history';

export const MIGRATIONS = [InitialRegistry1795400000000, KeepFailoverHistory1795400000500];

/** Arbitrary constant: the advisory lock key that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 0x5357_4d49; // "SWMI"

export function dataSourceOptions(
  url: string,
  opts: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'switchyard_migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: opts.applicationName ?? 'switchyard-controller',
    extra: { max: opts.poolSize ?? 20, connectionTimeoutMillis: 5_000 },
  };
}

/** Applies pending migrations once, whatever the number of replicas racing to do it. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
