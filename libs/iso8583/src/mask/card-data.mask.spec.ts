// PANs used here are the public test numbers card schemes publish for integration testing
// (e.g. 4111111111111111, 4242424242424242, 5555555555554444, 378282246310005): Luhn-valid, not real.
import { luhnValid, maskAll, maskPan, redactCardData } from './card-data.mask';

describe('maskPan', () => {
  it('keeps the first 6 and last 4 of a full PAN', () => {
    expect(maskPan('4242424242424242')).toBe('424242******4242');
    expect(maskPan('378282246310005')).toBe('378282*****0005');
    expect(maskPan('6011000990139424123')).toBe('601100*********4123');
  });

  it('never reveals a short value fully', () => {
    expect(maskPan('123456789012')).toBe('********9012');
    expect(maskPan('1234567')).toBe('*******');
    expect(maskPan('')).toBe('');
    expect(maskAll('1234')).toBe('****');
  });
});

describe('luhnValid', () => {
  it('checks mod 10', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true); // the worked example of ISO/IEC 7812-1 Annex B / Wikipedia
    expect(luhnValid('')).toBe(false);
  });
});

describe('redactCardData', () => {
  it('masks Luhn-valid 13..19 digit runs, also grouped with spaces or dashes', () => {
    expect(redactCardData('pan=4111111111111111 ok')).toBe('pan=411111******1111 ok');
    expect(redactCardData('card 4111 1111 1111 1111.')).toBe('card 4111 11** **** 1111.');
    expect(redactCardData('5555-5555-5555-4444')).toBe('5555-55**-****-4444');
    expect(redactCardData('{"pan":"378282246310005"}')).toBe('{"pan":"378282*****0005"}');
  });

  it('leaves ordinary numbers alone', () => {
    expect(redactCardData('stan 000123 amount 000000001000 rrn 123456789012')).toBe(
      'stan 000123 amount 000000001000 rrn 123456789012',
    );
    expect(redactCardData('not luhn 4111111111111112')).toBe('not luhn 4111111111111112');
    expect(redactCardData('id 12345678901234567890123')).toBe('id 12345678901234567890123'); // longer than any PAN
  });

  it('masks track 2 and track 1 patterns completely beyond the PAN', () => {
    expect(redactCardData('t2=;4111111111111111=25121011234567890?')).toBe(`t2=411111******1111=${'*'.repeat(18)}`);
    expect(redactCardData('4111111111111111D2512101123')).toBe('411111******1111D**********');
    expect(redactCardData('%B4111111111111111^DOE/JOHN^2512101123?')).toBe(`411111******1111^${'*'.repeat(20)}`);
  });
});
