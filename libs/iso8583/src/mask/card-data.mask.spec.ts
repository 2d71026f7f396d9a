// PANs used here are the public test numbers card schemes publish for integration testing
// (TEST_CARDS in @switchyard/testing, the one place they are written down): Luhn-valid, not real.
import { NOT_LUHN_VALID_PAN, TEST_CARDS, TEST_TRACKS } from '@switchyard/testing';
import { luhnValid, maskAll, maskPan, redactCardData } from './card-data.mask';

/** A PAN written in groups of four, as people type it (`4111 1111 ...` with `' '`). */
const grouped = (pan: string, separator: string): string => pan.replace(/\d{4}(?=\d)/g, `$&${separator}`);

describe('maskPan', () => {
  it('keeps the first 6 and last 4 of a full PAN', () => {
    expect(maskPan(TEST_CARDS.visa2)).toBe('424242******4242');
    expect(maskPan(TEST_CARDS.amex)).toBe('378282*****0005');
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
    expect(luhnValid(TEST_CARDS.visa)).toBe(true);
    expect(luhnValid(NOT_LUHN_VALID_PAN)).toBe(false);
    expect(luhnValid('79927398713')).toBe(true); // the worked example of ISO/IEC 7812-1 Annex B / Wikipedia
    expect(luhnValid('')).toBe(false);
  });
});

describe('redactCardData', () => {
  it('masks Luhn-valid 13..19 digit runs, also grouped with spaces or dashes', () => {
    expect(redactCardData(`pan=${TEST_CARDS.visa} ok`)).toBe('pan=411111******1111 ok');
    expect(redactCardData(`card ${grouped(TEST_CARDS.visa, ' ')}.`)).toBe('card 4111 11** **** 1111.');
    expect(redactCardData(grouped(TEST_CARDS.mastercard, '-'))).toBe('5555-55**-****-4444');
    expect(redactCardData(`{"pan":"${TEST_CARDS.amex}"}`)).toBe('{"pan":"378282*****0005"}');
  });

  it('leaves ordinary numbers alone', () => {
    expect(redactCardData('stan 000123 amount 000000001000 rrn 123456789012')).toBe(
      'stan 000123 amount 000000001000 rrn 123456789012',
    );
    expect(redactCardData(`not luhn ${NOT_LUHN_VALID_PAN}`)).toBe(`not luhn ${NOT_LUHN_VALID_PAN}`);
    expect(redactCardData('id 12345678901234567890123')).toBe('id 12345678901234567890123'); // longer than any PAN
  });

  it('masks track 2 and track 1 patterns completely beyond the PAN', () => {
    expect(redactCardData(`t2=;${TEST_TRACKS.track2}?`)).toBe(`t2=411111******1111=${'*'.repeat(18)}`);
    expect(redactCardData(`${TEST_CARDS.visa}D2512101123`)).toBe('411111******1111D**********');
    expect(redactCardData(`%B${TEST_CARDS.visa}^DOE/JOHN^2512101123?`)).toBe(`411111******1111^${'*'.repeat(20)}`);
  });
});
