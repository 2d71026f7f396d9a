// Property tests (fast-check). CI-sized: about 133 000 generated inputs in total across the
// properties below; the long run is `pnpm --filter @switchyard/iso8583 fuzz -- --runs 5000000`.
import fc from 'fast-check';
import { messageFor } from '../../test/arbitraries';
import { Iso8583Error, Iso8583UnpackError } from '../errors/iso8583.error';
import { ASCII_FLAVOUR, builders, Flavour } from '../spec/field.builders';
import { iso87Fields } from '../spec/iso87.definition';
import { extendSpec, loadSpec } from '../spec/spec.loader';
import { iso87ascii, iso87asciiPostilion, iso87binary, iso93ascii } from '../spec/spec.registry';
import type { MessageSpec } from '../spec/spec.types';
import { pack, unpack } from './message.codec';

// Specs that exercise the remaining encodings: EBCDIC (both code pages), hex and binary prefixes,
// BCD lengths counted in bytes, and a tertiary bitmap.
const ebcdicFlavour: Flavour = { numeric: 'ebcdic-cp1047', text: 'ebcdic', track2: 'ebcdic-cp037', prefix: 'ebcdic' };
const iso87ebcdic: MessageSpec = loadSpec({
  name: 'iso87ebcdic',
  description: 'test: EBCDIC everything',
  mti: { encoding: 'ebcdic' },
  bitmap: { encoding: 'binary' },
  fields: iso87Fields(ebcdicFlavour),
});
const { tvar } = builders(ASCII_FLAVOUR);
const exotic: MessageSpec = extendSpec(iso87binary, {
  name: 'exotic',
  bitmap: { tertiary: true },
  fields: {
    '65': null,
    '48': { ...tvar('LLL', 300, 'hex prefix'), prefix: 'hex' },
    '60': { description: 'binary prefix', length: 'LL', maxLength: 200, encoding: 'binary', prefix: 'binary' },
    '61': {
      description: 'bcd bytes',
      length: 'LL',
      maxLength: 20,
      encoding: 'bcd',
      prefix: 'binary',
      lengthUnit: 'bytes',
    },
    '62': {
      description: 'track bytes',
      length: 'LL',
      maxLength: 20,
      encoding: 'bcd',
      charset: 'z',
      lengthUnit: 'bytes',
      padding: { side: 'right', char: 'F' },
    },
    '130': { ...tvar('LL', 30, 'tertiary text'), prefix: 'bcd' },
    '192': { description: 'tertiary MAC', length: 'fixed', maxLength: 8, encoding: 'binary' },
  },
});

const SPECS: MessageSpec[] = [iso87ascii, iso87binary, iso93ascii, iso87asciiPostilion, iso87ebcdic, exotic];

/** Fails the property (plain throws: jest's expect is too slow for 100k iterations). */
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

function expectOnlyTypedErrors(spec: MessageSpec, bytes: Uint8Array): void {
  try {
    const msg = unpack(spec, bytes);
    // Whatever unpack accepts must re-pack to exactly the same bytes.
    check(Buffer.compare(pack(spec, msg), bytes) === 0, 'accepted bytes did not re-pack identically');
  } catch (e) {
    if (!(e instanceof Iso8583UnpackError)) throw e;
    check(e.code !== 'INTERNAL', `internal error: ${e.message}`);
  }
}

// A pool of valid messages per spec, generated once; the mutation property then costs two unpacks per run.
const POOL_SIZE = 150;
function pool(spec: MessageSpec): Buffer[] {
  return fc.sample(messageFor(spec, { cap: 16 }), { numRuns: POOL_SIZE, seed: 99 }).map((m) => pack(spec, m));
}

describe('property: pack/unpack', () => {
  it.each(SPECS.map((s) => [s.name, s] as const))('%s: random valid messages round-trip exactly', (_name, spec) => {
    fc.assert(
      fc.property(messageFor(spec, { cap: 24 }), (msg) => {
        const bytes = pack(spec, msg);
        const back = unpack(spec, bytes);
        check(Buffer.compare(pack(spec, back), bytes) === 0, 're-pack differs');
        // Values come back exactly as given (the generators use canonical forms: uppercase binary hex, D in BCD track 2).
        check(JSON.stringify(back) === JSON.stringify(msg), 'unpacked values differ');
      }),
      { numRuns: 700, seed: 8583 },
    );
  });

  it.each(SPECS.map((s) => [s.name, s] as const))(
    '%s: random bytes only ever raise Iso8583UnpackError',
    (_name, spec) => {
      const header = fc.constantFrom('0100', '0800', '0200');
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), header, fc.boolean(), (tail, mti, withMti) => {
          const prefix = spec.mti.encoding === 'bcd' ? Buffer.from(mti, 'hex') : Buffer.from(mti, 'latin1');
          expectOnlyTypedErrors(spec, withMti ? Buffer.concat([prefix, tail]) : tail);
        }),
        { numRuns: 7000, seed: 42 },
      );
    },
  );

  it.each(SPECS.map((s) => [s.name, s] as const))(
    '%s: mutated and truncated valid messages only ever raise Iso8583UnpackError',
    (_name, spec) => {
      const valid = pool(spec);
      const mutation = fc.array(
        fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')),
        {
          minLength: 1,
          maxLength: 4,
        },
      );
      fc.assert(
        fc.property(fc.integer({ min: 0, max: POOL_SIZE - 1 }), mutation, fc.nat(), (index, muts, cut) => {
          let bytes = Buffer.from(valid[index]);
          for (const [pos, value, kind] of muts) {
            const at = bytes.length === 0 ? 0 : pos % bytes.length;
            if (kind === 'set' && bytes.length > 0) bytes[at] = value;
            else if (kind === 'insert')
              bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([value]), bytes.subarray(at)]);
            else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
          }
          expectOnlyTypedErrors(spec, bytes);
          expectOnlyTypedErrors(spec, valid[index].subarray(0, cut % (valid[index].length + 1))); // truncation
        }),
        { numRuns: 7000, seed: 7 },
      );
    },
  );

  it('pack never throws anything but Iso8583Error on garbage input objects', () => {
    const junk = fc.anything({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.record({
          mti: fc.oneof(fc.constant('0200'), junk),
          fields: fc.dictionary(fc.constantFrom('2', '3', '43', '55', '127', '999', 'x'), junk),
        }),
        (m) => {
          try {
            pack(iso87asciiPostilion, m as never);
          } catch (e) {
            check(e instanceof Iso8583Error, 'untyped pack error');
          }
        },
      ),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('counts: at least 100 000 generated inputs per CI run', () => {
    const perSpec = 700 + 7000 + 2 * 7000;
    expect(perSpec * SPECS.length + 3000).toBeGreaterThanOrEqual(100_000);
  });
});
