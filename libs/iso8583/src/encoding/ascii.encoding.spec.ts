// ASCII/Latin-1 text: vectors are the ASCII code chart (ANSI X3.4) and ISO/IEC 8859-1.
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { decodeAscii, encodeAscii } from './ascii.encoding';
import { ByteWriter } from './byte-writer';
import { charsetTable } from './charset';
import { UnpackSource } from './unpack-source';

describe('ASCII encoding', () => {
  it('encodes one byte per character, Latin-1 included', () => {
    const w = new ByteWriter(2);
    encodeAscii('AZ09 é', w, charsetTable('ans'), '43');
    expect(w.toBuffer().toString('hex')).toBe('415a303920e9');
  });

  it('decodes a slice of the message and checks the charset', () => {
    const src = new UnpackSource(Buffer.from('xx000123yy', 'latin1'));
    expect(decodeAscii(src, 2, 6, charsetTable('n'), '11')).toBe('000123');
    try {
      decodeAscii(src, 0, 4, charsetTable('n'), '11');
      throw new Error('unreachable');
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583UnpackError);
      expect((e as Iso8583UnpackError).offset).toBe(0);
      expect((e as Iso8583UnpackError).expected).toBe('digits 0-9');
    }
  });

  it('rejects characters outside Latin-1 and outside the charset on pack', () => {
    expect(() => encodeAscii('€', new ByteWriter(), charsetTable('ans'), '43')).toThrow(Iso8583PackError);
    expect(() => encodeAscii('AB1', new ByteWriter(), charsetTable('a'), '43')).toThrow(/position 3/);
    expect(() => encodeAscii('\u0007', new ByteWriter(), charsetTable('ans'), '48')).toThrow(Iso8583PackError);
  });
});
