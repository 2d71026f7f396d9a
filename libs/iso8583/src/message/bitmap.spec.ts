// Bitmaps (primary, secondary, tertiary; hex and binary). Vectors:
// - Wikipedia "ISO 8583", section "Bitmaps": primary bitmap 4210001102C04804 announces fields
//   2, 7, 12, 28, 32, 39, 41, 42, 50, 53 and 62 (the example text, CC BY-SA; the vector is a fact).
// - The 0800 echo bitmap 8220000000000000 / 0400000000000000 (fields 7, 11, 70) derived by hand.
import { TEST_CARDS } from '@switchyard/testing';
import { Iso8583UnpackError } from '../errors/iso8583.error';
import { extendSpec } from '../spec/spec.loader';
import { iso87ascii, iso87binary } from '../spec/spec.registry';
import { pack, unpack } from './message.codec';

function unpackError(fn: () => unknown): Iso8583UnpackError {
  try {
    fn();
  } catch (e) {
    if (e instanceof Iso8583UnpackError) return e;
    throw e;
  }
  throw new Error('expected an Iso8583UnpackError');
}

describe('bitmaps', () => {
  it('writes the Wikipedia example bitmap for fields 2, 7, 12, 28, 32, 39, 41, 42, 50, 53, 62', () => {
    const msg = {
      mti: '0200',
      fields: {
        2: TEST_CARDS.visa3,
        7: '0101120000',
        12: '120000',
        28: 'C00000000',
        32: '123456',
        39: '00',
        41: 'TERM0001',
        42: 'MERCHANT0000001',
        50: '840',
        53: '0000000000000000',
        62: 'X',
      },
    };
    const bytes = pack(iso87ascii, msg);
    expect(bytes.subarray(4, 20).toString('latin1')).toBe('4210001102C04804');
    expect(Object.keys(unpack(iso87ascii, bytes).fields)).toEqual([
      '2',
      '7',
      '12',
      '28',
      '32',
      '39',
      '41',
      '42',
      '50',
      '53',
      '62',
    ]);
  });

  it('adds a secondary bitmap only when a field 65..128 is present (hex)', () => {
    const echo = { mti: '0800', fields: { 7: '0101120000', 11: '000001', 70: '301' } };
    const wire = '0800' + '8220000000000000' + '0400000000000000' + '0101120000' + '000001' + '301';
    expect(pack(iso87ascii, echo).toString('latin1')).toBe(wire);
    expect(unpack(iso87ascii, Buffer.from(wire, 'latin1'))).toEqual(echo);
  });

  it('uses 8 raw bytes per bitmap in binary specs', () => {
    const bytes = pack(iso87binary, { mti: '0800', fields: { 7: '0101120000', 11: '000001', 70: '301' } });
    expect(bytes.toString('hex')).toBe(
      '0800' + '8220000000000000' + '0400000000000000' + '0101120000' + '000001' + '0301',
    );
  });

  it('supports a tertiary bitmap (bit 65) for fields 129..192', () => {
    const spec = extendSpec(iso87ascii, {
      name: 'tertiary',
      bitmap: { tertiary: true },
      fields: { '65': null, '150': { description: 'private', length: 'LL', maxLength: 20, encoding: 'ascii' } },
    });
    const bytes = pack(spec, { mti: '0100', fields: { 3: '000000', 150: 'HELLO' } });
    const text = bytes.toString('latin1');
    expect(text.slice(4, 20)).toBe('A000000000000000'); // bits 1 and 3
    expect(text.slice(20, 36)).toBe('8000000000000000'); // bit 65: tertiary follows
    expect(text.slice(36, 52)).toBe('0000040000000000'); // bit 150 = tertiary bit 22
    expect(unpack(spec, bytes).fields).toEqual({ 3: '000000', 150: 'HELLO' });
  });

  it('always sends the secondary bitmap when the spec says so', () => {
    const spec = extendSpec(iso87ascii, { name: 'always', bitmap: { secondary: 'always' } });
    const bytes = pack(spec, { mti: '0800', fields: { 11: '000001' } });
    expect(bytes.toString('latin1').slice(4, 36)).toBe('80200000000000000000000000000000');
    expect(unpack(spec, bytes).fields).toEqual({ 11: '000001' });
  });

  it('rejects malformed bitmaps with a typed error', () => {
    expect(unpackError(() => unpack(iso87ascii, Buffer.from('0800822000000000000', 'latin1'))).code).toBe('TRUNCATED');
    // Lowercase hex would not re-pack to the same bytes.
    const lower = unpackError(() =>
      unpack(iso87ascii, Buffer.from('08000020000000000000000001', 'latin1').fill(0x61, 5, 6)),
    );
    expect(lower.code).toBe('INVALID_BITMAP');
    expect(lower.offset).toBe(5);
    // Bit 1 set but the secondary bitmap is empty.
    const empty = unpackError(() =>
      unpack(iso87ascii, Buffer.from('080080200000000000000000000000000000000001', 'latin1')),
    );
    expect(empty.code).toBe('INVALID_BITMAP');
    // A bit for a field the spec does not define (field 1 of a non-tertiary spec is the bitmap; use 129+ via a small spec).
    const small = extendSpec(iso87ascii, { name: 'small', fields: { '48': null } });
    const bytes = pack(iso87ascii, { mti: '0100', fields: { 48: 'x' } });
    const unknown = unpackError(() => unpack(small, bytes));
    expect(unknown.code).toBe('UNKNOWN_FIELD');
    expect(unknown.field).toBe('48');
  });
});
