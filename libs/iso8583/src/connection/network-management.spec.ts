import { defaultMatchKey, mtiClass } from './match-key';
import {
  buildEchoRequest,
  buildNetworkManagementResponse,
  buildSignOffRequest,
  buildSignOnRequest,
  isResponseMti,
  responseMti,
  transmissionDateTime,
} from './network-management';

const clock = { now: () => Date.UTC(2024, 0, 31, 23, 59, 58) };

describe('network management helpers', () => {
  it('builds 0800 echo / sign-on / sign-off with 7, 11 and 70', () => {
    expect(buildEchoRequest({ stan: '000001', clock })).toEqual({
      mti: '0800',
      fields: { 7: '0131235958', 11: '000001', 70: '301' },
    });
    expect(buildSignOnRequest({ stan: '000002', clock }).fields[70]).toBe('001');
    expect(buildSignOffRequest({ stan: '000003', clock, fields: { 41: 'TERM0001' } }).fields).toEqual({
      7: '0131235958',
      11: '000003',
      41: 'TERM0001',
      70: '002',
    });
  });

  it('builds the 0810 by copying STAN and setting 39', () => {
    const req = buildEchoRequest({ stan: '123456', clock, fields: { 41: 'T1' } });
    expect(buildNetworkManagementResponse(req)).toEqual({
      mti: '0810',
      fields: { 7: '0131235958', 11: '123456', 39: '00', 41: 'T1', 70: '301' },
    });
    expect(buildNetworkManagementResponse(req, '91').fields[39]).toBe('91');
  });

  it('does MTI arithmetic', () => {
    expect(responseMti('0800')).toBe('0810');
    expect(responseMti('0120')).toBe('0130');
    expect(responseMti('1804')).toBe('1814');
    expect(isResponseMti('0210')).toBe(true);
    expect(isResponseMti('0200')).toBe(false);
    expect(transmissionDateTime(Date.UTC(2024, 11, 1, 1, 2, 3))).toBe('1201010203');
  });

  it('matches on MTI class + STAN + terminal id', () => {
    expect(mtiClass('0100')).toBe(mtiClass('0110'));
    expect(mtiClass('0120')).not.toBe(mtiClass('0100'));
    const key = defaultMatchKey({ mti: '0100', fields: { 11: '000001', 41: 'T1' } });
    expect(key).toBe(defaultMatchKey({ mti: '0110', fields: { 11: '000001', 41: 'T1', 39: '00' } }));
    expect(key).not.toBe(defaultMatchKey({ mti: '0110', fields: { 11: '000001', 41: 'T2' } }));
    expect(defaultMatchKey({ mti: '0100', fields: {} })).toBeUndefined();
    // Padding added by pack does not change the key.
    expect(defaultMatchKey({ mti: '0100', fields: { 11: '1', 41: 'T1' } })).toBe(
      defaultMatchKey({ mti: '0110', fields: { 11: '000001', 41: 'T1      ' } }),
    );
  });
});
