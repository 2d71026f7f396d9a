// Vectors derived by hand from the definition of packed BCD (two decimal digits per byte, high
// nibble first; ISO 8583:1987 clause 4.3 "n" data in binary interchange) - no third-party data.
import { TEST_CARDS } from '@switchyard/testing';
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { bcdAlphabet, decodeBcd, encodeBcd } from './bcd.encoding';
import { ByteWriter } from './byte-writer';

const n = bcdAlphabet('n')!;
const z = bcdAlphabet('z')!;

function enc(value: string, padLeft: boolean, pad: number, alpha = n): string {
  const w = new ByteWriter(4);
  encodeBcd(value, w, padLeft, pad, alpha, 'f');
  return w.toBuffer().toString('hex').toUpperCase();
}

describe('BCD encoding', () => {
  it('packs an even number of digits two per byte', () => {
    expect(enc('123456', true, 0)).toBe('123456');
    expect(decodeBcd(Buffer.from('123456', 'hex'), 0, 6, true, 0, n, 'f')).toBe('123456');
  });

  it('pads an odd digit count on the left with 0 (numeric convention)', () => {
    expect(enc('123', true, 0)).toBe('0123');
    expect(decodeBcd(Buffer.from('0123', 'hex'), 0, 3, true, 0, n, 'f')).toBe('123');
  });

  it('pads an odd digit count on the right with F (track 2 convention)', () => {
    expect(enc(`${TEST_CARDS.visaEmv}D2212`, false, 0xf, z)).toBe(`${TEST_CARDS.visaEmv}D2212F`);
    expect(decodeBcd(Buffer.from(`${TEST_CARDS.visaEmv}D2212F`, 'hex'), 0, 21, false, 0xf, z, 'f')).toBe(
      `${TEST_CARDS.visaEmv}D2212`,
    );
  });

  it("maps the track 2 separator '=' to nibble D", () => {
    expect(enc('12=3', true, 0, z)).toBe('12D3');
  });

  it('rejects a wrong pad nibble on unpack, naming field and offset', () => {
    const bad = catchError(() => decodeBcd(Buffer.from('5123', 'hex'), 0, 3, true, 0, n, '2')) as Iso8583UnpackError;
    expect(bad.code).toBe('INVALID_PADDING');
    expect(bad.field).toBe('2');
    expect(bad.offset).toBe(0);
  });

  it('rejects non-decimal nibbles in numeric data', () => {
    const e = catchError(() => decodeBcd(Buffer.from('12A4', 'hex'), 0, 4, true, 0, n, '3')) as Iso8583UnpackError;
    expect(e.code).toBe('INVALID_CHARACTER');
    expect(e.offset).toBe(1);
    expect(() => enc('12X4', true, 0)).toThrow(Iso8583PackError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
