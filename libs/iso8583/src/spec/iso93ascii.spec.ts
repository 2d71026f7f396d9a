// iso93ascii: fields redefined by ISO 8583:1993 (values derived by hand from the 1993 field table).
import { pack, unpack } from '../message/message.codec';
import { iso87ascii, iso93ascii } from './spec.registry';

describe('iso93ascii', () => {
  it('uses the 1993 definitions where they differ from 1987', () => {
    expect(iso93ascii.fields['12'].maxLength).toBe(12);
    expect(iso87ascii.fields['12'].maxLength).toBe(6);
    expect(iso93ascii.fields['39'].charset).toBe('n');
    expect(iso93ascii.fields['43'].length).toBe('LL');
    expect(iso93ascii.fields['24'].description).toMatch(/Function code/);
  });

  it('round-trips a 1200 with the 1993 date/time, function code and action code', () => {
    const msg = {
      mti: '1210',
      fields: { 3: '000000', 11: '000042', 12: '240131235959', 24: '200', 39: '000', 43: 'ACME>LONDON GB' },
    };
    const bytes = pack(iso93ascii, msg);
    expect(bytes.toString('latin1')).toBe(
      '1210' + '2030010002200000' + '000000' + '000042' + '240131235959' + '200' + '000' + '14ACME>LONDON GB',
    );
    expect(unpack(iso93ascii, bytes)).toEqual(msg);
  });
});
