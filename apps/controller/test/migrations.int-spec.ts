/**
 * The registry schema is created by migrations only, applied exactly once even when several
 * replicas start at the same moment, and reversible.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions, runMigrations } from '../src/database/data-source';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';

jest.setTimeout(60_000);

describe('registry migrations', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sy_migr');
  });

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  async function replica(): Promise<DataSource> {
    const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 3 }));
    await ds.initialize();
    sources.push(ds);
    return ds;
  }

  it('applies every migration once when three replicas race', async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    const applied = await Promise.all(replicas.map((r) => runMigrations(r)));
    const names = MIGRATIONS.map((m) => m.name);
    expect(names[0]).toBe('InitialRegistry1795400000000');
    expect(applied.flat()).toEqual(names);
    const rows = await replicas[0]!.query('select name from switchyard_migrations order by id');
    expect(rows).toEqual(names.map((name) => ({ name })));
  });

  it('creates the registry tables', async () => {
    const [ds] = sources;
    const tables = (await ds!.query(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    )) as Array<{ table_name: string }>;
    expect(tables.map((t) => t.table_name)).toEqual([
      'api_tokens',
      'commands',
      'config_rollouts',
      'config_versions',
      'connections',
      'failover_events',
      'health_snapshots',
      'sidecars',
      'switchyard_migrations',
    ]);
  });

  it('refuses a negative fencing epoch', async () => {
    const [ds] = sources;
    await expect(ds!.query(`insert into connections (id, endpoints, epoch) values ('c1', '[]', -1)`)).rejects.toThrow(
      /check constraint/,
    );
  });

  it('reverts cleanly', async () => {
    const [ds] = sources;
    for (let i = 0; i < MIGRATIONS.length; i++) await ds!.undoLastMigration();
    const tables = (await ds!.query(
      `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name <> 'switchyard_migrations'`,
    )) as Array<{ n: number }>;
    expect(tables[0]!.n).toBe(0);
  });
});
