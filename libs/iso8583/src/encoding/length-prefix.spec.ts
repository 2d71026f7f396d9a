// Length prefixes: LL/LLL as ASCII digits, EBCDIC digits (F0-F9), BCD (1 byte per 2 digits),
// binary (big-endian) and ASCII hex - vectors derived by hand from each encoding's definition.
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import type { PrefixEncoding } from '../spec/spec.types';
import { ByteWriter } from './byte-writer';
import { LengthPrefix } from './length-prefix';

function write(type: 'LL' | 'LLL' | 'LLLL' | 'LLLLLL', enc: PrefixEncoding, n: number): string {
  const w = new ByteWriter(1);
  new LengthPrefix(type, enc).write(w, n, 'f');
  return w.toBuffer().toString('hex');
}

describe('length prefixes', () => {
  it.each([
    ['LL', 'ascii', 19, '3139', 2],
    ['LLL', 'ascii', 7, '303037', 3],
    ['LLLLLL', 'ascii', 123, '303030313233', 6],
    ['LL', 'ebcdic', 19, 'f1f9', 2],
    ['LLL', 'ebcdic-cp1047', 105, 'f1f0f5', 3],
    ['LL', 'bcd', 19, '19', 1],
    ['LLL', 'bcd', 123, '0123', 2],
    ['LLLL', 'bcd', 9999, '9999', 2],
    ['LL', 'binary', 200, 'c8', 1],
    ['LLL', 'binary', 999, '03e7', 2],
    ['LL', 'hex', 255, '4646', 2],
    ['LLL', 'hex', 0x1a, '303141', 3],
  ] as const)('%s %s %d -> %s', (type, enc, n, hex, width) => {
    expect(write(type, enc, n)).toBe(hex);
    const p = new LengthPrefix(type, enc);
    expect(p.width).toBe(width);
    expect(p.read(Buffer.from(hex, 'hex'), 0, 'f')).toBe(n);
  });

  it('rejects malformed prefixes with the field and offset', () => {
    const cases: Array<[PrefixEncoding, string]> = [
      ['ascii', '3a39'],
      ['ebcdic', 'c1f9'],
      ['bcd', '1a'],
      ['hex', '6666'], // lowercase would not re-pack identically
    ];
    for (const [enc, hex] of cases) {
      try {
        new LengthPrefix('LL', enc).read(Buffer.from(`00${hex}`, 'hex'), 1, '35');
        throw new Error('unreachable');
      } catch (e) {
        expect(e).toBeInstanceOf(Iso8583UnpackError);
        expect((e as Iso8583UnpackError).field).toBe('35');
        expect((e as Iso8583UnpackError).offset).toBe(1);
        expect((e as Iso8583UnpackError).code).toBe('INVALID_LENGTH_PREFIX');
      }
    }
    // BCD LLL uses 2 bytes; a non-zero spare nibble would mean > 999.
    expect(() => new LengthPrefix('LLL', 'bcd').read(Buffer.from('1000', 'hex'), 0, '48')).toThrow(/out of range/);
  });

  it('refuses lengths the prefix cannot carry', () => {
    expect(() => write('LL', 'ascii', 100)).toThrow(Iso8583PackError);
    expect(() => write('LL', 'binary', 256)).toThrow(Iso8583PackError);
  });
});
