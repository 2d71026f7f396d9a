import { TEST_CARDS } from '../examples/examples';
import { maskIsoField, maskIsoFields, maskPan, maskPanLikeDigits } from './card-data-mask';

describe('card data masking (local copy of the ISO 8583 rule)', () => {
  it('keeps the first 6 and last 4 digits of a PAN', () => {
    expect(maskPan(TEST_CARDS.visa)).toBe('411111******1111');
    expect(maskPan(TEST_CARDS.mastercard2)).toBe('550000******0004');
    expect(maskPan('12345678')).toBe('****5678');
    expect(maskPan('123')).toBe('***');
  });

  it('masks field 2 partially and fields 35, 45, 52, 55 fully; leaves the rest', () => {
    const masked = maskIsoFields({
      '2': TEST_CARDS.visa,
      '35': `${TEST_CARDS.visa}=2512101`,
      '45': `B${TEST_CARDS.visa}^DOE/JOHN^2512101`,
      '52': '0123456789ABCDEF',
      '55': '9F2608AABBCCDDEEFF0011',
      '4': '000000001000',
    });
    expect(masked['2']).toBe('411111******1111');
    for (const f of ['35', '45', '52', '55']) expect(masked[f]).toMatch(/^\*+$/);
    expect(masked['4']).toBe('000000001000');
    expect(JSON.stringify(masked)).not.toContain(TEST_CARDS.visa);
  });

  it('accepts field numbers with leading zeros or as numbers', () => {
    expect(maskIsoField('002', TEST_CARDS.visa)).toBe('411111******1111');
    expect(maskIsoField(52, 'ABCD')).toBe('****');
  });

  it('masks Luhn-valid digit runs in free text only', () => {
    const text = `{"fields":{"2":"${TEST_CARDS.visa}","11":"000123","37":"1234567890123"}}`;
    const masked = maskPanLikeDigits(text);
    expect(masked).not.toContain(TEST_CARDS.visa);
    expect(masked).toContain('411111******1111');
    expect(masked).toContain('"37":"1234567890123"'); // not Luhn-valid: kept
  });
});
