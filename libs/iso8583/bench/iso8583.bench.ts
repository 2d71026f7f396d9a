/**
 * Codec benchmark: pack and unpack of (a) an 0800 echo and (b) an ASCII 0200 with every field
 * 2..64 set (track 1/2 data, binary 52 and 64, composite 43 and 55) - the shape moov-io/iso8583
 * benchmarks - and the npm package `iso_8583` on the richest form of (b) it can handle, in the
 * same run. Prints a table and writes reports/bench.json.
 *
 *   pnpm --filter @switchyard/iso8583 bench [-- --seconds 1]
 *
 * Runs on the compiled output (tsc) for honest numbers. Every loop is bounded by a time budget
 * and an iteration cap.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { iso87ascii, IsoMessage, pack, unpack } from '../src/index';

interface Result {
  name: string;
  library: string;
  bytes: number;
  fields: number;
  packUsPerOp: number;
  packOpsPerSec: number;
  unpackUsPerOp: number;
  unpackOpsPerSec: number;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 1.5;
const MAX_ITERATIONS = 50_000_000;

/** Runs fn in batches until the time budget is spent; returns microseconds per call. */
function measure(fn: () => unknown): number {
  let sink = 0;
  // Warm-up: let the JIT settle.
  const warmEnd = performance.now() + 300;
  for (let i = 0; i < MAX_ITERATIONS && performance.now() < warmEnd; i++) sink ^= fn() === undefined ? 0 : 1;
  let iterations = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  const batch = 1000;
  while (iterations < MAX_ITERATIONS && performance.now() < end) {
    for (let i = 0; i < batch; i++) sink ^= fn() === undefined ? 0 : 1;
    iterations += batch;
  }
  const elapsed = performance.now() - start;
  if (sink === 42) console.log(''); // keep `sink` observable so the calls are not optimised away
  return (elapsed * 1000) / iterations;
}

// Field 2 / track data need 16 digits of the right shape, not a card: the codec never checks Luhn.
// Test card numbers live only in @switchyard/testing (TEST_CARDS), which this tsc-compiled bench
// cannot import (its rootDir is this package, and node runs the emitted JS), so it uses a non-card.
const PAN = '1234567890123456'; // not Luhn-valid, not a card number
const echo: IsoMessage = { mti: '0800', fields: { 7: '0131235958', 11: '000001', 70: '301' } };

function richFields(): Record<number, IsoMessage['fields'][number]> {
  const f: Record<number, IsoMessage['fields'][number]> = {
    2: PAN,
    3: '000000',
    4: '000000005000',
    5: '000000005000',
    6: '000000005000',
    7: '0131235958',
    8: '00000100',
    9: '61000000',
    10: '61000000',
    11: '000123',
    12: '235958',
    13: '0131',
    14: '2512',
    15: '0201',
    16: '0131',
    17: '0131',
    18: '5411',
    19: '826',
    20: '826',
    21: '826',
    22: '051',
    23: '001',
    24: '001',
    25: '00',
    26: '12',
    27: '6',
    28: 'C00000100',
    29: 'D00000100',
    30: 'C00000100',
    31: 'D00000100',
    32: '12345678901',
    33: '12345678901',
    34: '1234567890123456789012345678',
    35: `${PAN}=25121011234567890`,
    36: '0'.repeat(104),
    37: '123456789012',
    38: 'A1B2C3',
    39: '00',
    40: '101',
    41: 'TERM0001',
    42: 'MERCHANT0000001',
    43: { 1: 'ACME STORE 1', 2: 'LONDON', 3: 'LN', 4: 'GB' },
    44: 'ADDITIONAL RESPONSE DATA',
    45: `B${PAN}^DOE/JOHN^25121011234567890`,
    46: 'ISO ADDITIONAL DATA',
    47: 'NATIONAL ADDITIONAL DATA',
    48: 'PRIVATE ADDITIONAL DATA 0123456789',
    49: '978',
    50: '978',
    51: '978',
    52: '0123456789ABCDEF',
    53: '0000000000000000',
    54: '1001978C000000005000',
    55: [
      { tag: '9F02', value: '000000005000' },
      { tag: '9F03', value: '000000000000' },
      { tag: '82', value: '1980' },
      { tag: '95', value: '0000000000' },
      { tag: '9A', value: '240131' },
      { tag: '9C', value: '00' },
      { tag: '5F2A', value: '0978' },
      { tag: '9F1A', value: '0826' },
      { tag: '9F26', value: '0102030405060708' },
      { tag: '9F27', value: '80' },
      { tag: '9F36', value: '0001' },
      { tag: '9F37', value: '12345678' },
      { tag: '9F10', value: '06010A03A00000' },
    ],
    56: 'RESERVED ISO',
    57: 'RESERVED NATIONAL 57',
    58: 'RESERVED NATIONAL 58',
    59: 'RESERVED NATIONAL 59',
    60: 'RESERVED NATIONAL 60',
    61: 'RESERVED PRIVATE 61',
    62: 'RESERVED PRIVATE 62',
    63: 'RESERVED PRIVATE 63',
    64: '1122334455667788',
  };
  return f;
}

const rich: IsoMessage = { mti: '0200', fields: richFields() };

function benchOurs(name: string, msg: IsoMessage): Result {
  const bytes = pack(iso87ascii, msg);
  // Sanity: the message round-trips before we time it.
  if (Buffer.compare(pack(iso87ascii, unpack(iso87ascii, bytes)), bytes) !== 0)
    throw new Error(`${name} does not round-trip`);
  const packUs = measure(() => pack(iso87ascii, msg));
  const unpackUs = measure(() => unpack(iso87ascii, bytes));
  return {
    name,
    library: '@switchyard/iso8583',
    bytes: bytes.length,
    fields: Object.keys(msg.fields).length,
    packUsPerOp: packUs,
    packOpsPerSec: 1e6 / packUs,
    unpackUsPerOp: unpackUs,
    unpackOpsPerSec: 1e6 / unpackUs,
  };
}

// iso_8583 (npm) has no types; this is the slice of its API the benchmark uses.
interface Iso8583Npm {
  new (data?: Record<string, string>): {
    getBufferMessage(): Buffer | { error: string };
    getIsoJSON(b: Buffer): Record<string, string> | { error: string };
  };
}

/**
 * iso_8583 takes flat string values (binary fields as hex text, no composites), so (b) is given in
 * that form; fields it rejects are dropped one by one, and the result names what it could carry.
 */
function benchIso8583Npm(name: string, msg: IsoMessage): Result & { droppedFields: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS package, loaded for comparison only
  const Iso = require('iso_8583') as Iso8583Npm;
  const flat: Record<string, string> = { 0: msg.mti };
  for (const [k, v] of Object.entries(msg.fields)) {
    if (typeof v === 'string') flat[k] = v;
    else if (k === '43' && v && typeof v === 'object' && !Array.isArray(v))
      flat[k] = Object.values(v as Record<string, string>)
        .join('')
        .padEnd(40);
    else if (Array.isArray(v))
      flat[k] = v
        .map(
          (t) =>
            `${t.tag}${(('value' in t ? t.value : '').length / 2).toString(16).padStart(2, '0').toUpperCase()}${'value' in t ? t.value : ''}`,
        )
        .join('');
  }
  const dropped: string[] = [];
  const packs = (data: Record<string, string>): Buffer | undefined => {
    try {
      const out = new Iso(data).getBufferMessage();
      if (!Buffer.isBuffer(out)) return undefined;
      const back = new Iso().getIsoJSON(out);
      return 'error' in back ? undefined : out;
    } catch {
      return undefined;
    }
  };
  // Drop the fields it cannot carry on their own (one probe per field: bounded).
  for (const key of Object.keys(flat)) {
    if (key === '0') continue;
    if (packs({ 0: flat[0], [key]: flat[key] }) === undefined) {
      delete flat[key];
      dropped.push(key);
    }
  }
  const bytes = packs(flat);
  if (bytes === undefined) throw new Error('iso_8583 could not pack any form of the message');
  const packUs = measure(() => new Iso(flat).getBufferMessage());
  const unpackUs = measure(() => new Iso().getIsoJSON(bytes));
  return {
    name,
    library: 'iso_8583@2.6.7',
    bytes: bytes.length - 2,
    fields: Object.keys(flat).length - 1,
    packUsPerOp: packUs,
    packOpsPerSec: 1e6 / packUs,
    unpackUsPerOp: unpackUs,
    unpackOpsPerSec: 1e6 / unpackUs,
    droppedFields: dropped,
  };
}

function main(): void {
  const results: Result[] = [];
  results.push(benchOurs('(a) 0800 echo', echo));
  results.push(benchOurs('(b) 0200, fields 2..64', rich));
  const npmEcho = benchIso8583Npm('(a) 0800 echo', echo);
  const npmRich = benchIso8583Npm('(b) 0200, fields 2..64', rich);
  results.push(npmEcho, npmRich);

  const ours = results[1];
  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    secondsPerMeasurement: SECONDS,
    results,
    comparison: {
      unpackSpeedupVsIso8583Npm: npmRich.unpackUsPerOp / ours.unpackUsPerOp,
      packSpeedupVsIso8583Npm: npmRich.packUsPerOp / ours.packUsPerOp,
      iso8583NpmDroppedFields: npmRich.droppedFields,
      goalUnpackUnder10Us: ours.unpackUsPerOp < 10,
      goal10xFaster: npmRich.unpackUsPerOp / ours.unpackUsPerOp >= 10,
    },
  };

  const pad = (s: string, n: number): string => s.padEnd(n);
  console.log(
    `${pad('message', 26)}${pad('library', 22)}${pad('bytes', 7)}${pad('fields', 8)}${pad('pack µs', 10)}${pad('pack ops/s', 13)}${pad('unpack µs', 11)}unpack ops/s`,
  );
  for (const r of results) {
    console.log(
      `${pad(r.name, 26)}${pad(r.library, 22)}${pad(String(r.bytes), 7)}${pad(String(r.fields), 8)}${pad(r.packUsPerOp.toFixed(2), 10)}${pad(Math.round(r.packOpsPerSec).toLocaleString('en'), 13)}${pad(r.unpackUsPerOp.toFixed(2), 11)}${Math.round(r.unpackOpsPerSec).toLocaleString('en')}`,
    );
  }
  console.log(
    `\nunpack (b): ${report.comparison.unpackSpeedupVsIso8583Npm.toFixed(1)}x faster than iso_8583, pack (b): ${report.comparison.packSpeedupVsIso8583Npm.toFixed(1)}x` +
      (npmRich.droppedFields.length > 0
        ? ` (iso_8583 could not carry fields ${npmRich.droppedFields.join(', ')})`
        : ''),
  );
  const dir = join(__dirname, '..', '..', '..', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${join(dir, 'bench.json')}`);
}

main();
