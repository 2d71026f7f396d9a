// BER-TLV vectors built by hand from EMV 4.4 Book 3 Annex A (tag numbers and formats) and
// ISO/IEC 8825-1 (BER length forms). No card data: values are the EMV "test" style placeholders.
import { Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { isConstructedTag, parseTlvHex, tlvToHex } from './tlv.codec';

describe('BER-TLV', () => {
  const hex =
    '9F0206000000001000' + // Amount, authorised: 10.00
    '5F2A020978' + // Transaction currency code: EUR (978)
    '82021980' + // Application interchange profile
    '9505' +
    '0000000000' + // TVR
    'DF810103AABBCC' + // proprietary 3-byte tag, preserved
    '9F2608' +
    '0102030405060708'; // ARQC placeholder

  it('parses 1-, 2- and 3-byte tags and keeps unknown ones', () => {
    const items = parseTlvHex(hex);
    expect(items.map((i) => i.tag)).toEqual(['9F02', '5F2A', '82', '95', 'DF8101', '9F26']);
    expect(items[0].value).toBe('000000001000');
    expect(items[4].value).toBe('AABBCC');
    expect(tlvToHex(items)).toBe(hex);
  });

  it('handles long-form lengths and preserves a non-minimal one', () => {
    const long = '9F10' + '8180' + 'AB'.repeat(128);
    expect(parseTlvHex(long)[0].value.length).toBe(256);
    expect(tlvToHex(parseTlvHex(long))).toBe(long);
    const nonMinimal = '9F36' + '8102' + '0001';
    const items = parseTlvHex(nonMinimal);
    expect(items[0]).toEqual({ tag: '9F36', value: '0001', lengthBytes: 2 });
    expect(tlvToHex(items)).toBe(nonMinimal);
    expect(tlvToHex([{ tag: '9F36', value: '0001' }])).toBe('9F36020001');
  });

  it('serialises templates given by children', () => {
    expect(tlvToHex([{ tag: '71', children: [{ tag: '86', value: '8424000008' }] }])).toBe('7107' + '86058424000008');
    expect(isConstructedTag('71')).toBe(true);
    expect(isConstructedTag('9F26')).toBe(false);
  });

  it.each([
    ['9F', 'TRUNCATED'],
    ['9F02', 'TRUNCATED'],
    ['9F0206000000', 'TRUNCATED'],
    ['9F0280', 'INVALID_TLV'], // indefinite length
    ['9F0285FFFFFFFFFF', 'INVALID_TLV'], // length of 5 bytes
    ['00', 'INVALID_TLV'], // filler
    ['9F818181818101', 'INVALID_TLV'], // tag longer than 4 bytes
  ])('rejects %s with %s', (input, code) => {
    try {
      parseTlvHex(input);
      throw new Error('unreachable');
    } catch (e) {
      expect(e).toBeInstanceOf(Iso8583UnpackError);
      expect((e as Iso8583UnpackError).code).toBe(code);
      expect((e as Iso8583UnpackError).field?.startsWith('55')).toBe(true);
    }
  });

  it('validates tags and values on pack', () => {
    expect(() => tlvToHex([{ tag: '9F', value: '' }])).toThrow(Iso8583PackError);
    expect(() => tlvToHex([{ tag: '1F81', value: '' }])).toThrow(/continuation/);
    expect(() => tlvToHex([{ tag: '82', value: 'ABC' }])).toThrow(/hex/);
    expect(() => tlvToHex([{ tag: '82', value: '00', lengthBytes: 9 }])).toThrow(/lengthBytes/);
  });
});
