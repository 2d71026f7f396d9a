/**
 * Rough throughput of the hot paths (run: pnpm exec tsx libs/contracts/bench/validate.bench.ts).
 * Prints figures; asserts nothing (DESIGN: speed is measured in benchmarks, not unit tests).
 */
import {
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  examples,
  validateCommand,
  validateHealthReport,
  TOPICS,
} from '../src';

function bench(name: string, iterations: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(iterations, 2_000); i++) fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start);
  const perOp = ns / iterations / 1000;
  console.log(
    `${name.padEnd(44)} ${Math.round(1e6 / perOp)
      .toLocaleString('en-US')
      .padStart(9)} ops/s  ${perOp.toFixed(1)} µs/op`,
  );
}

const sender = { kind: 'sidecar' as const, id: examples.SIDECAR_ID };
const report = examples.healthReport();
const reportBytes = encodeEnvelope(createEnvelope('health-report', report, { sender }));
const badBytes = encodeEnvelope(createEnvelope('health-report', { ...report, score: 101 }, { sender }));
const trigger = examples.command('TRIGGER_FAILOVER');
const update = examples.command('UPDATE_CONFIG');
const commandBytes = encodeEnvelope(createEnvelope('command', trigger, { sender: { kind: 'controller', id: 'c-0' } }));

const n = Number(process.env.BENCH_ITERATIONS ?? 20_000);
console.log(`node ${process.version}, ${n} iterations each`);
bench('validateHealthReport (object)', n, () => validateHealthReport(report));
bench('decodeEnvelope health-report (bytes)', n, () => decodeEnvelope(TOPICS.HEALTH_REPORTS, reportBytes));
bench('decodeEnvelope health-report, invalid', n, () => decodeEnvelope(TOPICS.HEALTH_REPORTS, badBytes));
bench('validateCommand TRIGGER_FAILOVER', n, () => validateCommand(trigger));
bench('validateCommand UPDATE_CONFIG (full config)', n, () => validateCommand(update));
bench('decodeEnvelope command (bytes)', n, () => decodeEnvelope(TOPICS.FAILOVER_COMMANDS, commandBytes));
bench('JSON.parse only (health-report bytes)', n, () => JSON.parse(reportBytes.toString('utf8')));
