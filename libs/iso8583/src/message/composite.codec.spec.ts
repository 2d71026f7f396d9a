// Composite fields: positional (43), bitmapped (Postilion-style 127) and TLV (55, also as hex).
// Layouts from the ISO 8583:1987 field table (43 = name 23 / city 13 / state 2 / country 2) and the
// publicly documented Postilion field 127 structure (8-byte bitmap, 127.2 switch key LL, ...).
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { extendSpec } from '../spec/spec.loader';
import { iso87ascii, iso87asciiPostilion } from '../spec/spec.registry';
import { pack, unpack } from './message.codec';

describe('composite fields', () => {
  it('positional: splits field 43 into its parts and rejoins them', () => {
    const f43 = { 1: 'ACME STORE 12'.padEnd(23), 2: 'LONDON'.padEnd(13), 3: 'LN', 4: 'GB' };
    const bytes = pack(iso87ascii, { mti: '0100', fields: { 43: f43 } });
    expect(bytes.toString('latin1').slice(20)).toBe('ACME STORE 12          LONDON       LNGB');
    expect(unpack(iso87ascii, bytes).fields[43]).toEqual(f43);
  });

  it('positional: pads fixed subfields and accepts the raw 40 characters too', () => {
    const a = pack(iso87ascii, { mti: '0100', fields: { 43: { 1: 'ACME', 2: 'LONDON', 3: 'LN', 4: 'GB' } } });
    const b = pack(iso87ascii, { mti: '0100', fields: { 43: 'ACME                   LONDON       LNGB' } });
    expect(a.equals(b)).toBe(true);
    expect(() => pack(iso87ascii, { mti: '0100', fields: { 43: 'too short' } })).toThrow(Iso8583PackError);
    expect(() => pack(iso87ascii, { mti: '0100', fields: { 43: { 1: 'ACME', 3: 'LN' } } })).toThrow(/missing/);
  });

  it('bitmapped: Postilion 127 with its own binary bitmap', () => {
    const f127 = { 2: 'SWKEY-0001', 3: 'R'.repeat(48), 20: '20240131' };
    const bytes = pack(iso87asciiPostilion, { mti: '0200', fields: { 127: f127 } });
    const content = bytes.subarray(36 + 6);
    expect(bytes.subarray(36, 42).toString('latin1')).toBe(String(content.length).padStart(6, '0'));
    expect(content.subarray(0, 8).toString('hex')).toBe('6000100000000000'); // bits 2, 3, 20
    expect(content.subarray(8, 20).toString('latin1')).toBe('10SWKEY-0001');
    expect(unpack(iso87asciiPostilion, bytes).fields[127]).toEqual(f127);
  });

  it('bitmapped: an unknown subfield bit is a typed error naming 127.n', () => {
    const bytes = Buffer.from(pack(iso87asciiPostilion, { mti: '0200', fields: { 127: { 2: 'K' } } }));
    bytes[42 + 7] = 0x01; // announce subfield 64
    try {
      unpack(iso87asciiPostilion, bytes);
      throw new Error('unreachable');
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583UnpackError);
      expect((e as Iso8583UnpackError).field).toBe('127.64');
    }
  });

  it('TLV carried as ASCII hex (a common variant of field 55 in text specs)', () => {
    const spec = extendSpec(iso87ascii, {
      name: 'hex55',
      fields: {
        '55': {
          description: 'ICC data as hex',
          length: 'LLL',
          maxLength: 999,
          encoding: 'hex',
          composite: { kind: 'tlv' },
        },
      },
    });
    const tlv = [
      { tag: '9F26', value: '0102030405060708' },
      { tag: '82', value: '1980' },
    ];
    const bytes = pack(spec, { mti: '0100', fields: { 55: tlv } });
    expect(bytes.toString('latin1').slice(20)).toBe('030' + '9F26080102030405060708' + '82021980');
    expect(unpack(spec, bytes).fields[55]).toEqual(tlv);
    const lower = Buffer.from(bytes);
    lower[23] = 0x66; // 'f' instead of '9'
    expect(() => unpack(spec, lower)).toThrow(
      expect.objectContaining({ code: 'INVALID_CHARACTER', offset: 23, field: '55' }),
    );
  });

  it('TLV: raw bytes are validated then written as given', () => {
    const raw = Buffer.from('9F2701809F360200FF', 'hex');
    const bytes = pack(iso87ascii, { mti: '0100', fields: { 55: raw } });
    expect(unpack(iso87ascii, bytes).fields[55]).toEqual([
      { tag: '9F27', value: '80' },
      { tag: '9F36', value: '00FF' },
    ]);
    expect(() => pack(iso87ascii, { mti: '0100', fields: { 55: Buffer.from('9F2705', 'hex') } })).toThrow(
      Iso8583PackError,
    );
  });
});
