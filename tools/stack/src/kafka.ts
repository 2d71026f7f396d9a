/**
 * Kafka for the local stack: a real single-node KRaft broker (broker + controller in one JVM) of
 * Apache Kafka, its jars resolved from Maven Central by tools/stack/kafka/pom.xml into a cache
 * shared by every checkout. Bound to 127.0.0.1, small heap, storage formatted on first start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type ITopicConfig } from 'kafkajs';
import type { StackConfig } from './config';
import { run, runAsync, spawnDetached, waitFor, which } from './process';
import { stackTopics, type StackTopic } from './topics';

export function kafkaPaths(cfg: StackConfig) {
  const base = join(cfg.stateDir, 'kafka');
  return {
    base,
    data: join(base, 'data'),
    properties: join(base, 'server.properties'),
    log: join(base, 'server.log'),
    stdout: join(base, 'stdout.log'),
    libs: join(cfg.cacheDir, `kafka-${cfg.kafka.version}`, 'libs'),
    pom: join(cfg.rootDir, 'tools', 'stack', 'kafka', 'pom.xml'),
    log4j: join(cfg.rootDir, 'tools', 'stack', 'kafka', 'log4j.properties'),
  };
}

function requireJava(): string {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : which('java');
  if (!java || !existsSync(java)) {
    throw new Error(
      'Kafka needs Java 17+: install a JDK (Debian: apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS',
    );
  }
  const out = run(java, ['-version']);
  const version = /version "(\d+)/.exec(out) ?? /version "(\d+)/.exec(run('sh', ['-c', `"${java}" -version 2>&1`]));
  if (version && Number(version[1]) < 17) throw new Error(`Kafka needs Java 17+, found Java ${version[1]} at ${java}`);
  return java;
}

/** Resolves the broker's jars once (Maven Central → ~/.cache/switchyard/kafka-<version>/libs). */
export async function ensureKafkaJars(cfg: StackConfig): Promise<string> {
  const paths = kafkaPaths(cfg);
  const complete = join(paths.libs, '.complete');
  if (existsSync(complete)) return paths.libs;
  if (!which('mvn')) {
    throw new Error(
      'Kafka jars are resolved with Maven: install it (Debian: apt-get install maven) or set KAFKA_BROKERS',
    );
  }
  const tmp = `${paths.libs}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runAsync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      paths.pom,
      `-Dkafka.version=${cfg.kafka.version}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${tmp}`,
      '-DincludeScope=runtime',
    ],
    { timeoutMs: 600_000 },
  );
  if (!readdirSync(tmp).some((f) => f.startsWith('kafka_2.13-')))
    throw new Error(`Maven resolved no Kafka broker jar into ${tmp}`);
  writeFileSync(join(tmp, '.complete'), new Date().toISOString());
  rmSync(paths.libs, { recursive: true, force: true });
  mkdirSync(join(paths.libs, '..'), { recursive: true });
  renameSync(tmp, paths.libs);
  return paths.libs;
}

function serverProperties(cfg: StackConfig, dataDir: string): string {
  const { port, controllerPort } = cfg.kafka;
  return [
    '# Written by tools/stack on every start; edits are lost.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics are provisioned explicitly; tests create their own. A typo must not create a topic.
    'auto.create.topics.enable=false',
    'log.retention.hours=24',
    'log.segment.bytes=67108864',
    'num.network.threads=2',
    'num.io.threads=4',
    '',
  ].join('\n');
}

/** Formats storage on first start, then starts the broker detached. Returns its pid. */
export async function startKafka(cfg: StackConfig): Promise<{ pid: number; marker: string }> {
  const java = requireJava();
  const libs = await ensureKafkaJars(cfg);
  const paths = kafkaPaths(cfg);
  mkdirSync(paths.data, { recursive: true });
  writeFileSync(paths.properties, serverProperties(cfg, paths.data));
  const classpath = `${libs}/*`;
  const log4j = [`-Dlog4j.configuration=file:${paths.log4j}`, `-Dkafka.logs.file=${paths.log}`];
  if (!existsSync(join(paths.data, 'meta.properties'))) {
    const clusterId = randomBytes(16).toString('base64url');
    run(java, [
      ...log4j,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.properties,
      '--ignore-formatted',
    ]);
  }
  const pid = spawnDetached(
    java,
    [
      `-Xms${Math.min(128, cfg.kafka.heapMb)}m`,
      `-Xmx${cfg.kafka.heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      ...log4j,
      '-cp',
      classpath,
      'kafka.Kafka',
      paths.properties,
    ],
    { logFile: paths.stdout, cwd: paths.base },
  );
  return { pid, marker: paths.properties };
}

function client(brokers: string[], timeoutMs: number): Kafka {
  return new Kafka({
    clientId: 'switchyard-stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
}

/** A real request: fetch cluster metadata. */
export async function pingKafka(brokers: string[], timeoutMs = 3_000): Promise<{ ok: boolean; error?: string }> {
  const admin = client(brokers, timeoutMs).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? { ok: true } : { ok: false, error: 'no broker in cluster metadata' };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function topicConfig(t: StackTopic): ITopicConfig {
  const configEntries = t.compacted
    ? [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.compaction.lag.ms', value: '0' },
        { name: 'segment.ms', value: '600000' },
      ]
    : [];
  return { topic: t.name, numPartitions: t.partitions, replicationFactor: 1, configEntries };
}

/**
 * Creates the system's topics and their dead-letter topics; grows partition counts that are below
 * the configured ones (Kafka cannot shrink them). Idempotent; retries while a fresh broker is
 * still electing itself.
 */
export async function provisionKafkaTopics(
  cfg: StackConfig,
  brokers: string[],
  timeoutMs: number,
): Promise<{ created: string[]; existing: string[] }> {
  const wanted = stackTopics(cfg.kafka.partitions);
  const admin = client(brokers, 10_000).admin();
  await admin.connect();
  let lastError: string | undefined;
  const created: string[] = [];
  const existing: string[] = [];
  try {
    await waitFor(
      'Kafka topic provisioning',
      async () => {
        try {
          const have = new Set(await admin.listTopics());
          const missing = wanted.filter((t) => !have.has(t.name));
          if (missing.length > 0) {
            await admin.createTopics({ topics: missing.map(topicConfig), waitForLeaders: true, timeout: 10_000 });
            created.push(...missing.map((t) => t.name));
          }
          const meta = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) });
          const grow = wanted.filter((t) => {
            const m = meta.topics.find((x) => x.name === t.name);
            return m !== undefined && m.partitions.length < t.partitions;
          });
          if (grow.length > 0)
            await admin.createPartitions({
              topicPartitions: grow.map((t) => ({ topic: t.name, count: t.partitions })),
            });
          existing.push(...wanted.filter((t) => have.has(t.name)).map((t) => t.name));
          return true;
        } catch (err) {
          lastError = (err as Error).message;
          return false;
        }
      },
      timeoutMs,
      500,
      () => lastError,
    );
  } finally {
    await admin.disconnect();
  }
  return { created, existing };
}

/** Which of the system's topics exist on the cluster (for status). */
export async function listSystemTopics(cfg: StackConfig, brokers: string[]): Promise<string[]> {
  const admin = client(brokers, 3_000).admin();
  try {
    await admin.connect();
    const have = new Set(await admin.listTopics());
    return stackTopics(cfg.kafka.partitions)
      .map((t) => t.name)
      .filter((n) => have.has(n));
  } catch {
    return [];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
