/**
 * The local infrastructure as one unit. For each of PostgreSQL, Kafka and Redis: use the
 * environment's endpoint when one is given (source `env`, never started or stopped by us),
 * otherwise run a local one (source `local`). `up` starts what is missing, waits until each
 * answers a real request and provisions databases and topics; `down` stops only what this
 * checkout started; `status` checks each service live.
 */
import { mkdirSync } from 'node:fs';
import type { StackConfig } from './config';
import {
  postgresBinaries,
  postgresPaths,
  localPostgresUrl,
  pingPostgres,
  postmasterPid,
  provisionPostgres,
  startPostgres,
  stopPostgres,
} from './postgres';
import { ensureKafkaJars, kafkaPaths, listSystemTopics, pingKafka, provisionKafkaTopics, startKafka } from './kafka';
import { localRedisUrl, pingRedis, redisPaths, startRedis } from './redis';
import { assertPortFree, which, isOurProcess, stopProcess, waitFor, withLock } from './process';
import { readState, writeState, type StackState } from './state';
import { stackTopics } from './topics';

export type Source = 'env' | 'local';

export interface StackStatus {
  postgres: { url: string; testUrl: string; source: Source; healthy: boolean; error?: string };
  kafka: {
    brokers: string[];
    source: Source;
    healthy: boolean;
    topics: string[];
    missingTopics: string[];
    error?: string;
  };
  redis: { url: string; source: Source; healthy: boolean; error?: string };
}

export interface UpResult {
  status: StackStatus;
  /** Services this call started (so a caller such as jest's globalSetup can stop just those). */
  started: Array<'postgres' | 'kafka' | 'redis'>;
  timingsMs: Record<string, number>;
}

type Log = (line: string) => void;

export function endpoints(cfg: StackConfig) {
  return {
    postgresUrl: cfg.external.databaseUrl ?? localPostgresUrl(cfg, cfg.postgres.appDb),
    postgresTestUrl:
      cfg.external.testDatabaseUrl ?? cfg.external.databaseUrl ?? localPostgresUrl(cfg, cfg.postgres.testDb),
    kafkaBrokers: cfg.external.kafkaBrokers ?? [`127.0.0.1:${cfg.kafka.port}`],
    redisUrl: cfg.external.redisUrl ?? localRedisUrl(cfg),
  };
}

async function upPostgres(cfg: StackConfig, state: StackState, log: Log): Promise<boolean> {
  const { postgresUrl } = endpoints(cfg);
  if (cfg.external.databaseUrl) {
    log(`postgres: using DATABASE_URL (env)`);
    await waitFor('PostgreSQL at DATABASE_URL', async () => (await pingPostgres(postgresUrl)).ok, cfg.upTimeoutMs, 500);
    return false;
  }
  const running = postmasterPid(cfg);
  let started = false;
  if (running && isOurProcess(running, postgresPaths(cfg).data)) {
    log(`postgres: already running (pid ${running})`);
  } else {
    await assertPortFree(cfg.postgres.port, 'STACK_POSTGRES_PORT', 'PostgreSQL');
    log(`postgres: starting on 127.0.0.1:${cfg.postgres.port}`);
    const pid = await startPostgres(cfg);
    state.postgres = {
      pid,
      port: cfg.postgres.port,
      marker: postgresPaths(cfg).data,
      startedAt: new Date().toISOString(),
    };
    writeState(cfg.stateDir, state);
    started = true;
  }
  await provisionPostgres(cfg);
  let lastError: string | undefined;
  await waitFor(
    'PostgreSQL to answer as the application role',
    async () => {
      const r = await pingPostgres(postgresUrl);
      lastError = r.error;
      return r.ok;
    },
    cfg.upTimeoutMs,
    250,
    () => lastError,
  );
  return started;
}

async function upKafka(cfg: StackConfig, state: StackState, log: Log): Promise<boolean> {
  const { kafkaBrokers } = endpoints(cfg);
  let started = false;
  if (cfg.external.kafkaBrokers) {
    log(`kafka: using KAFKA_BROKERS=${kafkaBrokers.join(',')} (env)`);
  } else if (state.kafka && isOurProcess(state.kafka.pid, state.kafka.marker)) {
    log(`kafka: already running (pid ${state.kafka.pid})`);
  } else {
    await assertPortFree(cfg.kafka.port, 'STACK_KAFKA_PORT', 'Kafka');
    await assertPortFree(cfg.kafka.controllerPort, 'STACK_KAFKA_CONTROLLER_PORT', 'Kafka');
    log(`kafka: starting KRaft broker ${cfg.kafka.version} on 127.0.0.1:${cfg.kafka.port}`);
    const { pid, marker } = await startKafka(cfg);
    state.kafka = {
      pid,
      marker,
      port: cfg.kafka.port,
      controllerPort: cfg.kafka.controllerPort,
      startedAt: new Date().toISOString(),
    };
    writeState(cfg.stateDir, state);
    started = true;
  }
  let lastError: string | undefined;
  await waitFor(
    `Kafka at ${kafkaBrokers.join(',')}`,
    async () => {
      if (started && !isOurProcess(state.kafka!.pid, state.kafka!.marker)) {
        throw new Error(
          `the Kafka broker exited during start-up; see ${kafkaPaths(cfg).stdout} and ${kafkaPaths(cfg).log}`,
        );
      }
      const r = await pingKafka(kafkaBrokers);
      lastError = r.error;
      return r.ok;
    },
    cfg.upTimeoutMs,
    500,
    () => lastError,
  );
  const { created } = await provisionKafkaTopics(cfg, kafkaBrokers, cfg.upTimeoutMs);
  if (created.length > 0) log(`kafka: created topics ${created.join(', ')}`);
  return started;
}

async function upRedis(cfg: StackConfig, state: StackState, log: Log): Promise<boolean> {
  const { redisUrl } = endpoints(cfg);
  let started = false;
  if (cfg.external.redisUrl) {
    log('redis: using REDIS_URL (env)');
  } else if (state.redis && isOurProcess(state.redis.pid, state.redis.marker)) {
    log(`redis: already running (pid ${state.redis.pid})`);
  } else {
    await assertPortFree(cfg.redis.port, 'STACK_REDIS_PORT', 'Redis');
    log(`redis: starting on 127.0.0.1:${cfg.redis.port}`);
    const { pid, marker } = await startRedis(cfg);
    state.redis = { pid, marker, port: cfg.redis.port, startedAt: new Date().toISOString() };
    writeState(cfg.stateDir, state);
    started = true;
  }
  let lastError: string | undefined;
  await waitFor(
    'Redis to answer PING',
    async () => {
      const r = await pingRedis(redisUrl);
      lastError = r.error;
      return r.ok;
    },
    cfg.upTimeoutMs,
    100,
    () => lastError,
  );
  return started;
}

export async function stackUp(cfg: StackConfig, log: Log = () => undefined): Promise<UpResult> {
  mkdirSync(cfg.stateDir, { recursive: true });
  return withLock(cfg.stateDir, async () => {
    const state = readState(cfg.stateDir);
    const started: UpResult['started'] = [];
    const timingsMs: Record<string, number> = {};
    const timed = async (name: 'postgres' | 'kafka' | 'redis', fn: () => Promise<boolean>) => {
      const t0 = Date.now();
      if (await fn()) started.push(name);
      timingsMs[name] = Date.now() - t0;
    };
    // Kafka is the slowest to boot (a JVM): start it first, bring the others up meanwhile.
    await Promise.all([
      timed('kafka', () => upKafka(cfg, state, log)),
      (async () => {
        await timed('redis', () => upRedis(cfg, state, log));
        await timed('postgres', () => upPostgres(cfg, state, log));
      })(),
    ]);
    return { status: await stackStatus(cfg), started, timingsMs };
  });
}

/**
 * Stops what this checkout started, and only that: services from env are never touched, and a
 * recorded pid is stopped only if its command line still proves it is ours.
 */
export async function stackDown(
  cfg: StackConfig,
  only: Array<'postgres' | 'kafka' | 'redis'> = ['postgres', 'kafka', 'redis'],
  log: Log = () => undefined,
): Promise<void> {
  await withLock(cfg.stateDir, async () => {
    const state = readState(cfg.stateDir);
    const stops: Promise<void>[] = [];
    if (only.includes('kafka') && state.kafka) {
      const k = state.kafka;
      if (isOurProcess(k.pid, k.marker)) {
        log(`kafka: stopping pid ${k.pid}`);
        stops.push(stopProcess(k.pid, 30_000));
      }
      delete state.kafka;
    }
    if (only.includes('redis') && state.redis) {
      const r = state.redis;
      if (isOurProcess(r.pid, r.marker)) {
        log(`redis: stopping pid ${r.pid}`);
        stops.push(stopProcess(r.pid, 5_000));
      }
      delete state.redis;
    }
    if (only.includes('postgres') && !cfg.external.databaseUrl) {
      const pid = postmasterPid(cfg);
      if (pid && isOurProcess(pid, postgresPaths(cfg).data)) {
        log(`postgres: stopping pid ${pid}`);
        stops.push(stopPostgres(cfg));
      }
      delete state.postgres;
    }
    await Promise.all(stops);
    writeState(cfg.stateDir, state);
  });
}

export async function stackStatus(cfg: StackConfig): Promise<StackStatus> {
  const e = endpoints(cfg);
  const [pg, kafka, redis] = await Promise.all([
    pingPostgres(e.postgresUrl),
    pingKafka(e.kafkaBrokers),
    pingRedis(e.redisUrl),
  ]);
  const wanted = stackTopics(cfg.kafka.partitions).map((t) => t.name);
  const topics = kafka.ok ? await listSystemTopics(cfg, e.kafkaBrokers) : [];
  return {
    postgres: {
      url: e.postgresUrl,
      testUrl: e.postgresTestUrl,
      source: cfg.external.databaseUrl ? 'env' : 'local',
      healthy: pg.ok,
      ...(pg.error ? { error: pg.error } : {}),
    },
    kafka: {
      brokers: e.kafkaBrokers,
      source: cfg.external.kafkaBrokers ? 'env' : 'local',
      healthy: kafka.ok,
      topics,
      missingTopics: wanted.filter((t) => !topics.includes(t)),
      ...(kafka.error ? { error: kafka.error } : {}),
    },
    redis: {
      url: e.redisUrl,
      source: cfg.external.redisUrl ? 'env' : 'local',
      healthy: redis.ok,
      ...(redis.error ? { error: redis.error } : {}),
    },
  };
}

/** Paths a person may want when something fails. */
export function logFiles(cfg: StackConfig): Record<string, string> {
  return { postgres: postgresPaths(cfg).log, kafka: kafkaPaths(cfg).log, redis: redisPaths(cfg).log };
}

/**
 * Resolves everything a local stack needs, starting nothing: for CI to fail early and clearly on
 * a missing prerequisite, and to keep downloads out of test timings.
 */
export async function prefetch(cfg: StackConfig): Promise<string[]> {
  const done: string[] = [];
  if (!cfg.external.kafkaBrokers) done.push(`kafka: jars in ${await ensureKafkaJars(cfg)}`);
  if (!cfg.external.databaseUrl) done.push(`postgres: binaries in ${postgresBinaries().postgres}`);
  if (!cfg.external.redisUrl) {
    const server = which('redis-server');
    if (!server)
      throw new Error(
        'redis-server not found on PATH: install it (Debian: apt-get install redis-server) or set REDIS_URL',
      );
    done.push(`redis: ${server}`);
  }
  return done;
}
