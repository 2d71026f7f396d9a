/**
 * Long-run fuzzing of the codec (the CI suite runs ~130k inputs; this runs millions):
 *
 *   pnpm --filter @switchyard/iso8583 fuzz -- --runs 5000000 [--seed 123]
 *
 * For each run it picks a shipped spec and either (1) a random valid message, checking the exact
 * round trip, (2) random bytes, or (3) a mutated valid message, checking that unpack throws
 * nothing but Iso8583UnpackError and that anything it accepts re-packs identically. Stops at the
 * first failure and prints a reproducible seed and the failing input as hex.
 */
import fc from 'fast-check';
import { messageFor } from '../test/arbitraries';
import {
  Iso8583UnpackError,
  iso87ascii,
  iso87asciiPostilion,
  iso87binary,
  iso93ascii,
  MessageSpec,
  pack,
  unpack,
} from '../src/index';

const args = process.argv.slice(2).filter((a) => a !== '--');
function option(name: string, fallback: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
}
const RUNS = option('--runs', 1_000_000);
const SEED = option('--seed', Date.now() % 2 ** 31);
const SPECS: MessageSpec[] = [iso87ascii, iso87binary, iso93ascii, iso87asciiPostilion];

function checkBytes(spec: MessageSpec, bytes: Uint8Array): void {
  let msg;
  try {
    msg = unpack(spec, bytes);
  } catch (e) {
    if (e instanceof Iso8583UnpackError && e.code !== 'INTERNAL') return;
    throw e;
  }
  if (Buffer.compare(pack(spec, msg), bytes) !== 0) throw new Error('accepted bytes do not re-pack identically');
}

const input = fc.tuple(
  fc.integer({ min: 0, max: SPECS.length - 1 }),
  fc.integer({ min: 0, max: 2 }),
  fc.uint8Array({ maxLength: 400 }),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
);
// Valid messages are generated per spec in pools (generation dominates the cost otherwise).
const pools = SPECS.map((spec) => fc.sample(messageFor(spec, { cap: 24 }), { numRuns: 500, seed: SEED }));

const started = Date.now();
let done = 0;
const progressEvery = Math.max(1, Math.floor(RUNS / 20));
fc.assert(
  fc.property(input, ([specIndex, mode, random, mutations]) => {
    const spec = SPECS[specIndex];
    const pool = pools[specIndex];
    const msg = pool[(random[0] ?? 0) % pool.length];
    if (mode === 0) {
      const bytes = pack(spec, msg);
      if (Buffer.compare(pack(spec, unpack(spec, bytes)), bytes) !== 0)
        throw new Error('valid message does not round-trip');
    } else if (mode === 1) {
      checkBytes(spec, random);
    } else {
      const bytes = Buffer.from(pack(spec, msg));
      for (const [pos, value] of mutations) bytes[pos % bytes.length] = value;
      checkBytes(spec, bytes);
      checkBytes(spec, bytes.subarray(0, (mutations[0][0] % bytes.length) + 1));
    }
    if (++done % progressEvery === 0) {
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      console.log(
        `${done.toLocaleString('en')} / ${RUNS.toLocaleString('en')} inputs (${rate.toLocaleString('en')}/s)`,
      );
    }
  }),
  { numRuns: RUNS, seed: SEED, endOnFailure: true },
);
console.log(`ok: ${RUNS.toLocaleString('en')} inputs, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
