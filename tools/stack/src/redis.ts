/**
 * Redis for the local stack: `redis-server` from PATH (Debian package `redis-server`), bound to
 * 127.0.0.1, no persistence (RDB and AOF off): Redis here holds live state mirrors and pub/sub,
 * all of which the system rebuilds.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { StackConfig } from './config';
import { run, waitFor, which } from './process';

export function redisPaths(cfg: StackConfig) {
  const base = join(cfg.stateDir, 'redis');
  return { base, pidfile: join(base, 'redis.pid'), log: join(base, 'redis.log') };
}

export function localRedisUrl(cfg: StackConfig): string {
  return `redis://127.0.0.1:${cfg.redis.port}`;
}

export async function startRedis(cfg: StackConfig): Promise<{ pid: number; marker: string }> {
  const server = which('redis-server');
  if (!server) {
    throw new Error(
      'redis-server not found on PATH: install it (Debian: apt-get install redis-server) or set REDIS_URL',
    );
  }
  const paths = redisPaths(cfg);
  mkdirSync(paths.base, { recursive: true });
  const marker = `127.0.0.1:${cfg.redis.port}`;
  // --daemonize: redis forks and writes its own pid file; our command returns at once.
  run(server, [
    '--bind',
    '127.0.0.1',
    '--port',
    String(cfg.redis.port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--pidfile',
    paths.pidfile,
    '--logfile',
    paths.log,
    '--dir',
    paths.base,
  ]);
  let pid = 0;
  await waitFor(
    'redis-server pid file',
    () => {
      if (!existsSync(paths.pidfile)) return false;
      pid = Number(readFileSync(paths.pidfile, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0;
    },
    10_000,
    50,
  );
  return { pid, marker };
}

/** A real request: PING must answer PONG. */
export async function pingRedis(url: string, timeoutMs = 2_000): Promise<{ ok: boolean; error?: string }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong = await redis.ping();
    return pong === 'PONG' ? { ok: true } : { ok: false, error: `unexpected PING reply ${pong}` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    redis.disconnect();
  }
}
