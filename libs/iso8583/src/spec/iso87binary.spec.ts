// iso87binary: BCD MTI, binary bitmap, BCD numerics and BCD LL/LLL prefixes. Vectors derived by
// hand from the packed-BCD rules (ISO 8583:1987 "n" in binary interchange).
import { TEST_CARDS } from '@switchyard/testing';
import { pack, unpack } from '../message/message.codec';
import { iso87binary } from './spec.registry';

describe('iso87binary', () => {
  it('packs numerics in BCD and counts LL lengths in digits', () => {
    const msg = {
      mti: '0100',
      fields: { 2: '476173900101011', 3: '000000', 4: '000000005000', 11: '000123', 22: '051' },
    };
    const bytes = pack(iso87binary, msg);
    expect(bytes.toString('hex').toUpperCase()).toBe(
      '0100' + '7020040000000000' + '15' + '0476173900101011' + '000000' + '000000005000' + '000123' + '0051',
    );
    expect(unpack(iso87binary, bytes)).toEqual(msg);
  });

  it('carries track 2 as BCD with the separator as D and an F pad', () => {
    const msg = { mti: '0100', fields: { 35: `${TEST_CARDS.visaEmv}D2212201` } };
    const bytes = pack(iso87binary, msg);
    expect(bytes.subarray(10).toString('hex').toUpperCase()).toBe('24' + `${TEST_CARDS.visaEmv}D2212201`);
    const odd = pack(iso87binary, { mti: '0100', fields: { 35: `${TEST_CARDS.visaEmv}=221` } });
    expect(odd.subarray(10).toString('hex').toUpperCase()).toBe(
      '20' + `${TEST_CARDS.visaEmv}D221F`.padEnd(20, '0').slice(0, 20),
    );
    expect(unpack(iso87binary, odd).fields[35]).toBe(`${TEST_CARDS.visaEmv}D221`);
  });

  it('keeps text fields in ASCII with BCD length prefixes, and binary fields raw', () => {
    const bytes = pack(iso87binary, {
      mti: '0100',
      fields: { 44: 'OK', 52: '0102030405060708', 55: [{ tag: '9F02', value: '000000005000' }] },
    });
    const hex = bytes.toString('hex').toUpperCase();
    expect(hex).toContain('02' + '4F4B'); // LL BCD 02 + "OK"
    expect(hex).toContain('0102030405060708');
    expect(hex.endsWith('0009' + '9F0206000000005000')).toBe(true); // LLL BCD 0009 + TLV
  });
});
