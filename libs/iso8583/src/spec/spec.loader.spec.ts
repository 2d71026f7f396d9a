import { TEST_CARDS } from '@switchyard/testing';
import { Iso8583SpecError } from '../errors/iso8583.error';
import { pack, unpack } from '../message/message.codec';
import { extendSpec, loadSpec } from './spec.loader';
import { getSpec, iso87ascii, SHIPPED_SPEC_NAMES } from './spec.registry';

describe('spec loading', () => {
  it('ships iso87ascii, iso87binary, iso93ascii and the Postilion-style variant', () => {
    expect(SHIPPED_SPEC_NAMES).toEqual(['iso87ascii', 'iso87binary', 'iso93ascii', 'iso87ascii-postilion']);
    expect(getSpec('iso87binary').bitmap.encoding).toBe('binary');
    expect(() => getSpec('nope')).toThrow(Iso8583SpecError);
  });

  it('loads a spec from JSON text (specs are data) and freezes it', () => {
    const json = JSON.stringify(iso87ascii);
    const spec = loadSpec(json);
    expect(spec).toEqual(iso87ascii);
    expect(Object.isFrozen(spec.fields['2'])).toBe(true);
    const msg = { mti: '0100', fields: { 2: TEST_CARDS.visa3, 3: '000000' } };
    expect(unpack(spec, pack(spec, msg))).toEqual(msg);
  });

  it('extends a shipped spec: replace, add and remove fields', () => {
    const spec = extendSpec(iso87ascii, {
      name: 'acme',
      fields: {
        '48': {
          description: 'ACME private TLV',
          length: 'LLL',
          maxLength: 255,
          encoding: 'hex',
          composite: { kind: 'tlv' },
        },
        '62': null,
      },
    });
    expect(spec.name).toBe('acme');
    expect(spec.fields['62']).toBeUndefined();
    expect(iso87ascii.fields['62']).toBeDefined();
    const bytes = pack(spec, { mti: '0100', fields: { 48: [{ tag: 'DF01', value: 'ABCD' }] } });
    expect(bytes.toString('latin1').endsWith('010DF0102ABCD')).toBe(true); // LLL counts the 10 hex characters
    expect(() => pack(spec, { mti: '0100', fields: { 62: 'x' } })).toThrow(/not defined/);
  });

  it.each([
    [{ ...iso87ascii, name: '' }, /name/],
    [{ ...iso87ascii, mti: { encoding: 'utf8' } }, /mti.encoding/],
    [{ ...iso87ascii, fields: { '1': iso87ascii.fields['2'] } }, /field 1/],
    [{ ...iso87ascii, fields: { '2': { ...iso87ascii.fields['2'], maxLength: 100 } } }, /does not fit/],
    [
      { ...iso87ascii, fields: { '2': { ...iso87ascii.fields['2'], encoding: 'bcd', charset: 'ans' } } },
      /cannot be BCD/,
    ],
    [{ ...iso87ascii, fields: { '55': { ...iso87ascii.fields['55'], encoding: 'ascii' } } }, /TLV fields/],
  ])('rejects an invalid spec with a typed error naming the problem (%#)', (spec, re) => {
    expect(() => loadSpec(spec)).toThrow(Iso8583SpecError);
    expect(() => loadSpec(spec)).toThrow(re);
  });

  it('rejects text that is not JSON', () => {
    expect(() => loadSpec('{nope')).toThrow(/not valid JSON/);
  });
});
