/**
 * `pnpm --filter @switchyard/controller migrate`: applies pending migrations and exits (the helm
 * pre-install/pre-upgrade hook runs this). Needs DATABASE_URL.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './data-source';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(JSON.stringify({ level: 'error', message: 'DATABASE_URL is required to run migrations' }));
    return 2;
  }
  const ds = new DataSource(dataSourceOptions(url, { poolSize: 2, applicationName: 'switchyard-migrate' }));
  await ds.initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(
      JSON.stringify({ level: 'log', message: applied.length ? `applied ${applied.join(', ')}` : 'schema up to date' }),
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(JSON.stringify({ level: 'error', message: `migration failed: ${(err as Error).message}` }));
    process.exit(1);
  },
);
