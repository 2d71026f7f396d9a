/**
 * Where the local stack lives and how it listens. Everything is overridable by env so several
 * checkouts (or CI next to a developer) can run side by side; a bad value stops with a message
 * naming the variable.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface StackConfig {
  /** The workspace root (holds pnpm-workspace.yaml). */
  rootDir: string;
  /** Data, logs, pid files and state.json of what this checkout started (gitignored). */
  stateDir: string;
  /** Downloaded artefacts shared across checkouts (Kafka jars). */
  cacheDir: string;
  postgres: { port: number; superPassword: string; user: string; password: string; appDb: string; testDb: string };
  kafka: { port: number; controllerPort: number; heapMb: number; version: string; partitions: Record<string, number> };
  redis: { port: number };
  /** How long `up` waits for each service to answer a real request. */
  upTimeoutMs: number;
  /** Endpoints supplied by the environment; a service given here is used, never started. */
  external: { databaseUrl?: string; testDatabaseUrl?: string; kafkaBrokers?: string[]; redisUrl?: string };
}

export class StackConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'StackConfigError';
  }
}

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start, '../../..');
    dir = parent;
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new StackConfigError(name, `must be a TCP port (1-65535), got ${JSON.stringify(raw)}`);
  }
  return n;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new StackConfigError(name, `must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `STACK_KAFKA_PARTITIONS=health-reports=12,failover-commands=12` overrides per-topic defaults. */
function partitions(env: NodeJS.ProcessEnv): Record<string, number> {
  const raw = env.STACK_KAFKA_PARTITIONS;
  const out: Record<string, number> = {};
  if (!raw) return out;
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9._-]+)=(\d+)$/.exec(part);
    if (!m || Number(m[2]) < 1) {
      throw new StackConfigError(
        'STACK_KAFKA_PARTITIONS',
        `expected topic=count[,topic=count], got ${JSON.stringify(part)}`,
      );
    }
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function brokers(env: NodeJS.ProcessEnv): string[] | undefined {
  const raw = env.KAFKA_BROKERS;
  if (!raw) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const b of list) {
    if (!/^[^\s:]+:\d{1,5}$/.test(b))
      throw new StackConfigError('KAFKA_BROKERS', `expected host:port[,host:port], got ${JSON.stringify(b)}`);
  }
  return list;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new StackConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new StackConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const rootDir = findRoot(__dirname);
  const stateDir = env.SWITCHYARD_STACK_DIR ? resolve(env.SWITCHYARD_STACK_DIR) : join(rootDir, '.stack');
  const cacheDir = env.SWITCHYARD_CACHE_DIR
    ? resolve(env.SWITCHYARD_CACHE_DIR)
    : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'switchyard');
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']) ?? url(env, 'REDIS_ENDPOINT', ['redis:', 'rediss:']);
  return {
    rootDir,
    stateDir,
    cacheDir,
    postgres: {
      port: port(env, 'STACK_POSTGRES_PORT', 55432),
      superPassword: 'postgres',
      user: 'switchyard',
      password: 'switchyard',
      appDb: 'switchyard',
      testDb: 'switchyard_test',
    },
    kafka: {
      port: port(env, 'STACK_KAFKA_PORT', 59092),
      controllerPort: port(env, 'STACK_KAFKA_CONTROLLER_PORT', 59093),
      heapMb: positiveInt(env, 'STACK_KAFKA_HEAP_MB', 384),
      version: '3.9.2',
      partitions: partitions(env),
    },
    redis: { port: port(env, 'STACK_REDIS_PORT', 56379) },
    upTimeoutMs: positiveInt(env, 'STACK_UP_TIMEOUT_MS', 120_000),
    external: {
      databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
      testDatabaseUrl: url(env, 'TEST_DATABASE_URL', ['postgres:', 'postgresql:']),
      kafkaBrokers: brokers(env),
      redisUrl,
    },
  };
}
