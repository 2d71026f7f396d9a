/**
 * `pnpm stack up|down|status [--json]`: the real infrastructure for local runs and tests.
 * Exit codes: 0 ok, 1 a service failed, 2 bad usage or configuration.
 */
import { loadStackConfig, StackConfigError } from './config';
import { logFiles, prefetch, stackDown, stackStatus, stackUp } from './stack';

const USAGE = `usage: pnpm stack <up|down|status|prefetch> [--json]

  up       start PostgreSQL, Kafka and Redis where the environment does not point elsewhere
           (DATABASE_URL, KAFKA_BROKERS, REDIS_URL), wait until each answers, provision
           databases and topics
  down     stop what this checkout started (never a service given by the environment)
  status   check each service live; --json prints one JSON object
  prefetch resolve what a local stack needs before first use (Kafka jars from Maven Central,
           PostgreSQL binaries, redis-server) without starting anything`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const unknown = rest.filter((a) => a !== '--json');
  if (!command || !['up', 'down', 'status', 'prefetch'].includes(command) || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let cfg;
  try {
    cfg = loadStackConfig();
  } catch (err) {
    if (err instanceof StackConfigError) {
      console.error(`stack: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

  if (command === 'up') {
    const t0 = Date.now();
    try {
      const { status, timingsMs } = await stackUp(cfg, log);
      const ok =
        status.postgres.healthy &&
        status.kafka.healthy &&
        status.redis.healthy &&
        status.kafka.missingTopics.length === 0;
      if (json) console.log(JSON.stringify(status));
      else {
        log(`postgres  ${status.postgres.url} (${status.postgres.source})`);
        log(
          `kafka     ${status.kafka.brokers.join(',')} (${status.kafka.source}), ${status.kafka.topics.length} topics`,
        );
        log(`redis     ${status.redis.url} (${status.redis.source})`);
        log(
          `up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${Object.entries(timingsMs)
            .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
            .join(', ')})`,
        );
      }
      return ok ? 0 : 1;
    } catch (err) {
      console.error(`stack up failed: ${(err as Error).message}`);
      console.error(`logs: ${Object.values(logFiles(cfg)).join(' ')}`);
      return 1;
    }
  }
  if (command === 'prefetch') {
    try {
      const done = await prefetch(cfg);
      for (const line of done) log(line);
      return 0;
    } catch (err) {
      console.error(`stack prefetch failed: ${(err as Error).message}`);
      return 1;
    }
  }
  if (command === 'down') {
    await stackDown(cfg, undefined, log);
    if (!json) log('stopped');
    return 0;
  }
  const status = await stackStatus(cfg);
  if (json) console.log(JSON.stringify(status));
  else {
    for (const [name, s] of Object.entries(status)) {
      const where = 'url' in s ? s.url : s.brokers.join(',');
      log(
        `${name.padEnd(9)} ${s.healthy ? 'healthy  ' : 'unhealthy'} ${where} (${s.source})${s.error ? ` — ${s.error}` : ''}`,
      );
    }
  }
  return status.postgres.healthy && status.kafka.healthy && status.redis.healthy ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`stack: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
