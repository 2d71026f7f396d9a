// Vectors from the IBM code page charts for CCSID 037 and CCSID 1047 (public IBM documentation,
// e.g. "Code page 37" / "Code page 1047" in IBM Knowledge Center), checked against glibc iconv.
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { ByteWriter } from './byte-writer';
import { charsetTable } from './charset';
import { decodeEbcdic, ebcdicTable, ebcdicToLatin1, encodeEbcdic, latin1ToEbcdic } from './ebcdic.encoding';

describe('EBCDIC encoding', () => {
  it('maps digits, letters and space per cp037', () => {
    expect(latin1ToEbcdic('0189', 'cp037').toString('hex')).toBe('f0f1f8f9');
    expect(latin1ToEbcdic('AIJRSZ', 'cp037').toString('hex')).toBe('c1c9d1d9e2e9');
    expect(latin1ToEbcdic('az', 'cp037').toString('hex')).toBe('81a9');
    expect(latin1ToEbcdic(' .', 'cp037').toString('hex')).toBe('404b');
  });

  it('differs between cp037 and cp1047 exactly on brackets, caret and not-sign', () => {
    expect(latin1ToEbcdic('[]^¬', 'cp037').toString('hex')).toBe('babbb05f');
    expect(latin1ToEbcdic('[]^¬', 'cp1047').toString('hex')).toBe('adbd5fb0');
    const a = ebcdicTable('cp037').toLatin1;
    const b = ebcdicTable('cp1047').toLatin1;
    const diff: number[] = [];
    for (let i = 0; i < 256; i++) if (a[i] !== b[i]) diff.push(i);
    expect(diff).toEqual([0x5f, 0xad, 0xb0, 0xba, 0xbb, 0xbd]);
  });

  it('is a bijection over all 256 bytes for both code pages', () => {
    for (const cp of ['cp037', 'cp1047'] as const) {
      const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      expect(latin1ToEbcdic(ebcdicToLatin1(all, cp), cp).equals(all)).toBe(true);
    }
  });

  it('validates the charset after translation, on pack and unpack', () => {
    const n = charsetTable('n');
    const w = new ByteWriter(8);
    encodeEbcdic('0042', w, ebcdicTable('cp037'), n, '11');
    expect(w.toBuffer().toString('hex')).toBe('f0f0f4f2');
    expect(decodeEbcdic(Buffer.from('f0f0f4f2', 'hex'), 0, 4, ebcdicTable('cp037'), n, '11')).toBe('0042');
    const e = (() => {
      try {
        decodeEbcdic(Buffer.from('f0c1', 'hex'), 0, 2, ebcdicTable('cp037'), n, '11');
      } catch (err) {
        return err as Iso8583UnpackError;
      }
    })();
    expect(e?.code).toBe('INVALID_CHARACTER');
    expect(e?.offset).toBe(1);
    expect(() => encodeEbcdic('4A', new ByteWriter(), ebcdicTable('cp037'), n, '11')).toThrow(Iso8583PackError);
  });
});
