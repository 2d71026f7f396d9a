/**
 * `pnpm --filter @switchyard/controller bench:ingest`: health reports through real Kafka into
 * decisions, on the real stack (`pnpm stack up` is run if needed), against a controller started as
 * a real process from source (the way a deployment runs it: its own event loop and heap, not the
 * benchmark's) with KAFKA_BROKERS and a fresh database.
 *
 *  1. registers N connections across sidecars through the REST API;
 *  2. warm-up: one report per connection (each is a CONNECTING → ACTIVE transition, written);
 *  3. SUSTAINED: as many healthy reports as it can produce to `health-reports` (bounded by count
 *     and time), measured from the first send until the controller has decided the last one
 *     (its `switchyard_ingest_messages_total{source="kafka",type="health-report"}`), drain included;
 *  4. LATENCY: 1,000 reports/s steady load, and every 200 ms one hard-signal report on a fresh
 *     connection: time from producing it to the TRIGGER_FAILOVER command appearing on
 *     `failover-commands` (consumed here), and to the outbox commit (pg NOTIFY), p50/p95/p99.
 *
 * Prints the figures and writes `apps/controller/reports/bench-ingest.json`. Knobs (env):
 * BENCH_CONNECTIONS (2000), BENCH_REPORTS (200000), BENCH_MAX_PRODUCE_S (60), BENCH_LATENCY_S (30),
 * BENCH_RATE (1000), BENCH_CPU_PROF (a directory: the controller writes a V8 CPU profile there).
 * Network targets are loopback only; every loop is bounded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  TOPICS,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type HealthReportDto,
  type SidecarRegistrationDto,
} from '@switchyard/contracts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createTestDatabase, freePort, uniqueName, type LogLine } from '@switchyard/testing';
import { loadStackConfig } from '../../../tools/stack/src/config';
import { stackUp } from '../../../tools/stack/src/stack';

const APP_ROOT = resolve(__dirname, '..');
const ADMIN_TOKEN = `bench-admin-${Date.now()}-0123456789abcdef`;
const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const CONNECTIONS = num('BENCH_CONNECTIONS', 2000);
const REPORTS = num('BENCH_REPORTS', 200_000);
const MAX_PRODUCE_S = num('BENCH_MAX_PRODUCE_S', 60);
const LATENCY_S = num('BENCH_LATENCY_S', 30);
const RATE = num('BENCH_RATE', 1000);
const FAILOVER_EVERY_MS = 200;
const PER_SIDECAR = 200;
const FRESH = Math.ceil((LATENCY_S * 1000) / FAILOVER_EVERY_MS) + 10;
const DRAIN_TIMEOUT_MS = 300_000;
const SENDER = (sidecarId: string) => ({ kind: 'sidecar' as const, id: sidecarId });

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The controller as a real process, started the way tools/testing's AppProcess starts apps (from
 * source with @swc-node/register), plus `--cpu-prof` when BENCH_CPU_PROF asks for a profile
 * (a flag NODE_OPTIONS does not accept).
 */
class ControllerProcess {
  readonly logs: LogLine[] = [];
  private readonly child;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(env: Record<string, string>, cpuProfDir: string | null) {
    const args = [
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      '--require',
      '@swc-node/register',
      'src/main.ts',
    ];
    this.child = spawn(process.execPath, args, {
      cwd: APP_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(APP_ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'close').then(([code, signal]) => ({ code, signal }) as never);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          try {
            const parsed = JSON.parse(line) as LogLine;
            if (parsed && typeof parsed.message === 'string') this.logs.push(parsed);
          } catch {
            if (line.trim()) this.logs.push({ level: 'raw', message: line });
          }
        }
      });
    }
  }

  async waitForLog(test: (l: LogLine) => boolean, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (let guard = 0; guard < 100_000; guard++) {
      if (this.logs.some(test)) return;
      if (exited)
        throw new Error(
          `controller exited first:\n${this.logs
            .map((l) => l.message)
            .join('\n')
            .slice(-3000)}`,
        );
      if (performance.now() > deadline) throw new Error('controller did not start in time');
      await sleep(50);
    }
  }

  async stop(timeoutMs: number) {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Conn {
  id: string;
  sidecarId: string;
  seq: number;
}

function endpoints() {
  return [
    { id: 'primary', host: '127.0.0.1', port: 8583, priority: 0, role: 'PRIMARY' as const },
    { id: 'dr-1', host: '127.0.0.1', port: 8584, priority: 1, role: 'DR' as const },
  ];
}

function healthyReport(c: Conn, at: string, score: number): HealthReportDto {
  c.seq++;
  return {
    connectionId: c.id,
    sidecarId: c.sidecarId,
    status: 'ACTIVE',
    score,
    activeEndpointId: 'primary',
    layers: {
      application: { status: 'UP', checkedAt: at, latencyMs: 3, httpStatus: 200 },
      network: { status: 'UP', checkedAt: at, latencyMs: 1, reachable: true, socketState: 'OPEN', connectLatencyMs: 1 },
      protocol: {
        status: 'UP',
        checkedAt: at,
        latencyMs: 12,
        echoRttMs: 12,
        responseCode: '00',
        mtiOk: true,
        stanMatched: true,
        consecutiveTimeouts: 0,
      },
      resources: {
        status: 'UP',
        checkedAt: at,
        eventLoopLagMs: 2.5,
        rssBytes: 150_000_000,
        heapUsedBytes: 60_000_000,
        cpuPercent: 12.5,
      },
    },
    endpoints: [
      { endpointId: 'primary', reachable: true, echoRttMs: 12, checkedAt: at },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 14, checkedAt: at },
    ],
    sequence: c.seq,
    reportedAt: at,
  };
}

function hardSignalReport(c: Conn, at: string): HealthReportDto {
  const r = healthyReport(c, at, 0);
  return {
    ...r,
    status: 'FAILED',
    layers: {
      ...r.layers,
      network: { status: 'DOWN', checkedAt: at, reachable: false, socketState: 'CLOSED' },
    },
    hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET from 127.0.0.1:8583', observedAt: at },
    endpoints: [
      { endpointId: 'primary', reachable: false, checkedAt: at },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 14, checkedAt: at },
    ],
  };
}

function message(report: HealthReportDto): { key: string; value: Buffer } {
  return {
    key: report.connectionId,
    value: encodeEnvelope(createEnvelope('health-report', report, { sender: SENDER(report.sidecarId) })),
  };
}

async function api(base: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** A counter's value from the controller's own /metrics (the decided count, drain included). */
async function metric(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  // An exact series, or (a bare name) the sum over all its label sets.
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1));
    if (!series.includes('{') && line.startsWith(series + '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const DECIDED = 'switchyard_ingest_messages_total{source="kafka",type="health-report"}';

/** Sends `messages` in chunks, a few requests in flight; resolves when every one is acked. */
async function produceAll(
  producer: Producer,
  messages: Array<{ key: string; value: Buffer }>,
  deadline: number,
): Promise<number> {
  const CHUNK = 1_000;
  const IN_FLIGHT = 4;
  let next = 0;
  let sent = 0;
  const lane = async (): Promise<void> => {
    for (let guard = 0; guard < messages.length; guard++) {
      if (next >= messages.length || performance.now() > deadline) return;
      const chunk = messages.slice(next, next + CHUNK);
      next += CHUNK;
      await producer.send({ topic: TOPICS.HEALTH_REPORTS, acks: 1, messages: chunk });
      sent += chunk.length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return sent;
}

/**
 * Waits until the controller's consumer group has committed every offset up to the topic's
 * current end: the controller resolves an offset only after the report was decided (or
 * dead-lettered), so this is "consumed and decided", measured without loading the controller.
 */
async function waitForDrain(admin: Admin, groupId: string, timeoutMs: number, what: string): Promise<number> {
  const ends = new Map(
    (await admin.fetchTopicOffsets(TOPICS.HEALTH_REPORTS)).map((p) => [p.partition, Number(p.high)]),
  );
  const deadline = performance.now() + timeoutMs;
  let lastBehind = -1;
  let lastChange = performance.now();
  for (let guard = 0; guard < 1_000_000; guard++) {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [TOPICS.HEALTH_REPORTS] });
    let behind = 0;
    for (const p of offsets?.partitions ?? []) behind += Math.max(0, (ends.get(p.partition) ?? 0) - Number(p.offset));
    if (offsets && offsets.partitions.length === ends.size && behind === 0) return performance.now();
    if (behind !== lastBehind) {
      lastBehind = behind;
      lastChange = performance.now();
    }
    if (performance.now() > deadline || performance.now() - lastChange > 30_000) {
      throw new Error(`${what}: the controller is ${behind} reports behind and not moving`);
    }
    await sleep(10);
  }
  throw new Error(`${what}: gave up`);
}

async function main(): Promise<void> {
  const cfg = loadStackConfig();
  const { status } = await stackUp(cfg, (l) => log(`stack: ${l}`));
  if (!status.postgres.healthy || !status.kafka.healthy) throw new Error('the stack is not healthy');
  const brokers = status.kafka.brokers;
  if (!brokers.every((b) => b.startsWith('127.0.0.1:') || b.startsWith('localhost:'))) {
    throw new Error(`refusing non-loopback brokers ${brokers.join(',')}`);
  }
  process.env.SWITCHYARD_TEST_DATABASE_URL = status.postgres.testUrl;
  process.env.SWITCHYARD_TEST_KAFKA_BROKERS = brokers.join(',');
  process.env.SWITCHYARD_TEST_REDIS_URL = status.redis.url;

  const db = await createTestDatabase('sy_bench');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const controllerGroup = uniqueName('bench-controller');
  const reportsGroup = `${controllerGroup}.${TOPICS.HEALTH_REPORTS}`;
  const cpuProf = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
  const app = new ControllerProcess(
    {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers.join(','),
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      PORT: String(port),
      HOST: '127.0.0.1',
      CONTROLLER_REPLICA_ID: 'bench',
      // A group of its own: starts at the end of the topic, never reads an earlier run's reports.
      KAFKA_CONSUMER_GROUP: controllerGroup,
      // The benchmark sends no heartbeats: sidecars must not be declared lost halfway.
      SIDECAR_TTL_MS: '3600000',
      SIDECAR_HEARTBEAT_INTERVAL_MS: '600000',
    },
    cpuProf,
  );
  const kafka = new Kafka({ clientId: 'bench-ingest', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const commandReader = kafka.consumer({ groupId: uniqueName('bench-commands'), maxWaitTimeInMs: 50 });
  const notify = new Client({ connectionString: db.url });
  const admin = kafka.admin();
  const result: Record<string, unknown> = {};
  try {
    await app.waitForLog((l) => /Listening on/.test(l.message), 120_000);
    await app.waitForLog((l) => /consuming health-reports/.test(l.message), 60_000);
    log(`controller up on ${base} (pid process from source, @swc-node/register)`);

    // 1. Sidecars and connections, through the API (a sidecar token per sidecar: tokens bind).
    const total = CONNECTIONS + FRESH;
    const conns: Conn[] = [];
    const sidecars = Math.ceil(total / PER_SIDECAR);
    for (let s = 0; s < sidecars; s++) {
      const podName = `bench-${s}`;
      const sidecarId = `bench/${podName}`;
      const { token } = (await api(base, ADMIN_TOKEN, 'POST', '/api/v1/tokens', {
        role: 'sidecar',
        label: podName,
      })) as { token: string };
      const mine: Conn[] = [];
      for (let i = s * PER_SIDECAR; i < Math.min(total, (s + 1) * PER_SIDECAR); i++) {
        mine.push({ id: `bench-conn-${i}`, sidecarId, seq: 0 });
      }
      const reg: SidecarRegistrationDto = {
        sidecarId,
        podName,
        namespace: 'bench',
        version: '0.0.0-bench',
        applicationEndpoint: 'http://127.0.0.1:1',
        capabilities: ['kafka'],
        startedAt: new Date().toISOString(),
        connections: mine.map((c) => ({ connectionId: c.id, endpoints: endpoints(), activeEndpointId: 'primary' })),
      };
      await api(base, token, 'POST', '/api/v1/sidecars/register', reg);
      conns.push(...mine);
    }
    const steady = conns.slice(0, CONNECTIONS);
    const fresh = conns.slice(CONNECTIONS);
    log(`registered ${conns.length} connections on ${sidecars} sidecars`);

    await producer.connect();
    await admin.connect();
    await notify.connect();
    const outboxAt = new Map<string, number>();
    notify.on('notification', (n) => {
      if (n.channel === 'switchyard_outbox' && n.payload) outboxAt.set(n.payload, performance.now());
    });
    await notify.query('listen switchyard_outbox');
    const commandAt = new Map<string, number>();
    await commandReader.connect();
    await commandReader.subscribe({ topic: TOPICS.FAILOVER_COMMANDS, fromBeginning: false });
    const joined = new Promise<void>((ok) => commandReader.on(commandReader.events.GROUP_JOIN, () => ok()));
    await commandReader.run({
      eachMessage: async ({ message: m }) => {
        const at = performance.now();
        const decoded = decodeEnvelope(TOPICS.FAILOVER_COMMANDS, m.value);
        if (decoded.ok && decoded.value.type === 'command' && decoded.value.payload.type === 'TRIGGER_FAILOVER') {
          const id = decoded.value.payload.connectionId;
          if (id !== undefined && id.startsWith('bench-conn-') && !commandAt.has(id)) commandAt.set(id, at);
        }
      },
    });
    await joined;

    // 2. Warm-up: every steady connection's first report (a status transition: one write each).
    const decided0 = await metric(base, DECIDED);
    const now0 = new Date().toISOString();
    const warm = steady.map((c) => message(healthyReport(c, now0, 97)));
    const w0 = performance.now();
    await produceAll(producer, warm, Number.POSITIVE_INFINITY);
    await waitForDrain(admin, reportsGroup, DRAIN_TIMEOUT_MS, 'warm-up');
    const warmS = (performance.now() - w0) / 1000;
    log(`warm-up: ${warm.length} first reports (transitions) in ${warmS.toFixed(2)} s`);

    // 3. Sustained: pre-encoded (the producer's CPU is not the controller's bottleneck to measure).
    const at = new Date().toISOString();
    const batch: Array<{ key: string; value: Buffer }> = [];
    for (let i = 0; i < REPORTS; i++) {
      const c = steady[i % steady.length]!;
      batch.push(message(healthyReport(c, at, 90 + (i % 11))));
    }
    const t0 = performance.now();
    const sent = await produceAll(producer, batch, t0 + MAX_PRODUCE_S * 1000);
    const producedS = (performance.now() - t0) / 1000;
    const t1 = await waitForDrain(admin, reportsGroup, DRAIN_TIMEOUT_MS, 'sustained');
    const sustainedS = (t1 - t0) / 1000;
    const perS = sent / sustainedS;
    log(
      `sustained: ${sent} reports produced in ${producedS.toFixed(2)} s, all decided after ${sustainedS.toFixed(2)} s → ${Math.round(perS)} reports/s`,
    );

    // 4. Latency under 1,000 reports/s, one hard signal on a fresh connection every 200 ms.
    const TICK_MS = 20;
    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
    const producedAt = new Map<string, number>();
    const l0 = performance.now();
    let ticks = 0;
    let nextFailover = l0;
    let freshIdx = 0;
    let steadyIdx = 0;
    let background = 0;
    const pending: Array<Promise<unknown>> = [];
    for (let guard = 0; guard < (LATENCY_S * 1000) / TICK_MS + 10; guard++) {
      const target = l0 + ticks * TICK_MS;
      const wait = target - performance.now();
      if (wait > 0) await sleep(wait);
      if (performance.now() - l0 >= LATENCY_S * 1000) break;
      ticks++;
      const stamp = new Date().toISOString();
      const msgs = [];
      for (let i = 0; i < perTick; i++)
        msgs.push(message(healthyReport(steady[steadyIdx++ % steady.length]!, stamp, 97)));
      background += msgs.length;
      pending.push(producer.send({ topic: TOPICS.HEALTH_REPORTS, acks: 1, messages: msgs }));
      if (performance.now() >= nextFailover && freshIdx < fresh.length) {
        nextFailover += FAILOVER_EVERY_MS;
        const c = fresh[freshIdx++]!;
        const m = message(hardSignalReport(c, stamp));
        producedAt.set(c.id, performance.now());
        pending.push(producer.send({ topic: TOPICS.HEALTH_REPORTS, acks: 1, messages: [m] }));
      }
      if (pending.length > 200) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending.splice(0));
    const loadS = (performance.now() - l0) / 1000;
    await waitForDrain(admin, reportsGroup, DRAIN_TIMEOUT_MS, 'latency phase');
    const decided = (await metric(base, DECIDED)) - decided0;
    const expected = warm.length + sent + background + producedAt.size;
    // Commands travel through the leader's outbox relay; give the last ones a bounded moment.
    const until = performance.now() + 15_000;
    while (commandAt.size < producedAt.size && performance.now() < until) await sleep(50);

    const ids = [...producedAt.keys()];
    const rows = (
      await notify.query<{ id: string; connection_id: string }>(
        `select id::text, connection_id from commands where connection_id = any($1)`,
        [ids],
      )
    ).rows;
    const toOutbox = rows
      .filter((r) => outboxAt.has(r.id))
      .map((r) => outboxAt.get(r.id)! - producedAt.get(r.connection_id)!)
      .sort((a, b) => a - b);
    const toTopic = ids
      .filter((id) => commandAt.has(id))
      .map((id) => commandAt.get(id)! - producedAt.get(id)!)
      .sort((a, b) => a - b);
    const lat = (xs: number[]) => ({
      p50: round1(percentile(xs, 50)),
      p95: round1(percentile(xs, 95)),
      p99: round1(percentile(xs, 99)),
    });
    log(
      `latency: ${ids.length} hard signals over ${loadS.toFixed(1)} s at ${Math.round(background / loadS)} reports/s background; ` +
        `${rows.length} commands in the outbox, ${toTopic.length} seen on ${TOPICS.FAILOVER_COMMANDS}`,
    );
    log(`report → outbox commit ms: ${JSON.stringify(lat(toOutbox))}`);
    log(`report → command on ${TOPICS.FAILOVER_COMMANDS} ms: ${JSON.stringify(lat(toTopic))}`);

    const deadLetters = await metric(base, 'switchyard_dead_letters_total');
    const cpu = cpus();
    Object.assign(result, {
      machine: `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}; broker, PostgreSQL and controller on the same host`,
      reports_per_s: Math.round(perS),
      latency_ms: toTopic.length > 0 ? lat(toTopic) : lat(toOutbox),
      latency_to_outbox_commit_ms: lat(toOutbox),
      connections: CONNECTIONS,
      duration_s: round1(sustainedS),
      notes: [
        `controller: a real process from source (node --require @swc-node/register src/main.ts), KAFKA_BROKERS set, fresh database, no Redis`,
        `sustained: ${sent} healthy reports (pre-encoded) over ${CONNECTIONS} connections produced in ${producedS.toFixed(2)} s; rate = reports / (first send → controller's decided counter reaches the total), drain included`,
        `warm-up before it: ${warm.length} first reports (CONNECTING → ACTIVE transitions, one write each) took ${warmS.toFixed(2)} s`,
        `latency: ${Math.round(background / loadS)} reports/s background for ${loadS.toFixed(1)} s; ${ids.length} hard-signal reports on fresh connections, one per ${FAILOVER_EVERY_MS} ms; ` +
          (toTopic.length > 0
            ? `latency_ms = produce → TRIGGER_FAILOVER consumed from ${TOPICS.FAILOVER_COMMANDS} (${toTopic.length}/${ids.length} seen)`
            : `no command reached ${TOPICS.FAILOVER_COMMANDS} (outbox relay not delivering); latency_ms = produce → outbox commit (pg NOTIFY)`),
        `controller's decided counter: ${decided} of ${expected} reports sent; dead letters: ${deadLetters}`,
      ].join('; '),
    });
  } finally {
    await commandReader.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await notify.end().catch(() => undefined);
    const exit = await app.stop(30_000);
    if (exit.code !== 0) log(`controller exited with ${JSON.stringify(exit)}`);
    const errors = app.logs.filter((l) => l.level === 'error' || l.level === 'warn').slice(0, 15);
    for (const e of errors) log(`controller error: ${e.message.slice(0, 300)}`);
    await db.drop().catch(() => undefined);
  }
  const out = join(APP_ROOT, 'reports');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bench-ingest.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${join(out, 'bench-ingest.json')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
