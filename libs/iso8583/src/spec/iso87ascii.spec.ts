import { TEST_CARDS } from '@switchyard/testing';
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { pack, unpack } from '../message/message.codec';
import { extendSpec } from './spec.loader';
import { iso87ascii } from './spec.registry';

describe('iso87ascii', () => {
  // pyiso8583 (MIT, github.com/knovichikhin/pyiso8583), iso8583/__init__.py docstring: with its
  // default_ascii spec, b'02004000000000000000101234567890' decodes to field 2 = '1234567890'.
  it('decodes the pyiso8583 default_ascii example', () => {
    const raw = Buffer.from('02004000000000000000101234567890', 'latin1');
    const msg = unpack(iso87ascii, raw);
    expect(msg).toEqual({ mti: '0200', fields: { 2: '1234567890' } });
    expect(pack(iso87ascii, msg).equals(raw)).toBe(true);
  });

  // pyiso8583 README (MIT): with its `default` spec (binary bitmap, ASCII fields),
  // b'0200\x40\x10\x10\x10\x00\x00\x00\x00161234567890123456123456111D00000000' carries fields
  // 2, 12, 20 and 28. Our ASCII spec with a binary bitmap is that layout.
  it('decodes the pyiso8583 README example with a binary bitmap (custom spec extending iso87ascii)', () => {
    const spec = extendSpec(iso87ascii, { name: 'ascii-binary-bitmap', bitmap: { encoding: 'binary' } });
    const raw = Buffer.concat([
      Buffer.from('0200', 'latin1'),
      Buffer.from('4010101000000000', 'hex'),
      Buffer.from('161234567890123456123456111D00000000', 'latin1'),
    ]);
    const msg = unpack(spec, raw);
    expect(msg.fields).toEqual({ 2: '1234567890123456', 12: '123456', 20: '111', 28: 'D00000000' });
    expect(pack(spec, msg).equals(raw)).toBe(true);
  });

  it('encodes field by field as the 1987 table says (hand-derived 0200)', () => {
    const msg = {
      mti: '0200',
      fields: {
        2: TEST_CARDS.visaEmv, // Visa test PAN published in EMVCo/Visa test card lists
        3: '000000',
        4: '000000005000',
        11: '000123',
        35: `${TEST_CARDS.visaEmv}=22122011758928889`,
        41: 'T1',
        52: 'A1B2C3D4E5F60718',
      },
    };
    const bytes = pack(iso87ascii, msg);
    const text = bytes.toString('latin1');
    expect(text.startsWith('0200' + '7020000020801000')).toBe(true);
    expect(text.slice(20, 38)).toBe(`16${TEST_CARDS.visaEmv}`); // LL + PAN
    expect(text).toContain('000000' + '000000005000' + '000123' + '34' + `${TEST_CARDS.visaEmv}=22122011758928889`);
    expect(text).toContain('T1      '); // field 41 ans 8, space padded on pack
    expect(
      bytes
        .subarray(bytes.length - 8)
        .toString('hex')
        .toUpperCase(),
    ).toBe('A1B2C3D4E5F60718'); // 52 is raw binary
    expect(unpack(iso87ascii, bytes).fields[41]).toBe('T1      ');
  });

  it('names the field, offset and expectation in errors, without the data', () => {
    const bytes = pack(iso87ascii, { mti: '0200', fields: { 2: TEST_CARDS.visaEmv, 4: '000000005000' } });
    const broken = Buffer.from(bytes);
    broken[22 + 16 + 3] = 0x41; // a letter inside field 4
    try {
      unpack(iso87ascii, broken);
      throw new Error('unreachable');
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583UnpackError);
      const err = e as Iso8583UnpackError;
      expect(err.field).toBe('4');
      expect(err.offset).toBe(41);
      expect(err.expected).toBe('digits 0-9');
      expect(err.message).not.toContain(TEST_CARDS.visaEmv);
    }
    expect(() => pack(iso87ascii, { mti: '0200', fields: { 2: `${TEST_CARDS.visaEmv}X` } })).toThrow(Iso8583PackError);
    expect(() => pack(iso87ascii, { mti: '020', fields: {} })).toThrow(/MTI/);
    expect(() => pack(iso87ascii, { mti: '0200', fields: { 3: '1234567' } })).toThrow(/exactly 6/);
  });

  it('rejects trailing bytes after the last field', () => {
    const bytes = Buffer.concat([pack(iso87ascii, { mti: '0800', fields: { 11: '000001' } }), Buffer.from('X')]);
    expect(() => unpack(iso87ascii, bytes)).toThrow(expect.objectContaining({ code: 'TRAILING_BYTES', offset: 26 }));
  });

  it('accepts x+n amounts only with a C/D sign', () => {
    expect(unpack(iso87ascii, pack(iso87ascii, { mti: '0200', fields: { 28: 'C00000150' } })).fields[28]).toBe(
      'C00000150',
    );
    expect(() => pack(iso87ascii, { mti: '0200', fields: { 28: '000000150' } })).toThrow(Iso8583PackError);
  });
});
