import { TEST_CARDS, TEST_TRACKS } from '@switchyard/testing';
import { pack, unpack } from '../message/message.codec';
import { iso87ascii, iso87asciiPostilion } from '../spec/spec.registry';
import { describe as describeMessage } from './describe';

const PAN = TEST_CARDS.visa;
const TRACK2 = TEST_TRACKS.track2;
const TRACK1 = TEST_TRACKS.track1;

const message = {
  mti: '0200',
  fields: {
    2: PAN,
    3: '000000',
    35: TRACK2,
    45: TRACK1,
    48: `note ${PAN}`,
    52: '0123456789ABCDEF',
    55: [
      { tag: '5A', value: PAN },
      { tag: '57', value: `${PAN}D2512101` },
      { tag: '5F20', value: '444F452F4A4F484E' },
      { tag: '9F26', value: '0102030405060708' },
      { tag: '70', value: `5A08${PAN}` }, // template hiding a PAN
    ],
  },
};

describe('describe (the safe view)', () => {
  const view = describeMessage(iso87ascii, unpack(iso87ascii, pack(iso87ascii, message)));
  const text = JSON.stringify(view);

  it('masks PAN (first 6 / last 4), tracks and PIN block fully', () => {
    expect(view.fields['2']).toBe('411111******1111');
    expect(view.fields['35']).toBe('*'.repeat(TRACK2.length));
    expect(view.fields['45']).toBe('*'.repeat(TRACK1.length));
    expect(view.fields['52']).toBe('****************');
    expect(view.fields['3']).toBe('000000');
  });

  it('masks sensitive EMV tags, also inside templates, and keeps the rest', () => {
    expect(view.fields['55']).toEqual([
      { tag: '5A', value: '411111******1111' },
      { tag: '57', value: '*'.repeat(24) },
      { tag: '5F20', value: '*'.repeat(16) },
      { tag: '9F26', value: '0102030405060708' },
      { tag: '70', children: [{ tag: '5A', value: '411111******1111' }] },
    ]);
  });

  it('scrubs card numbers that appear in free-text fields', () => {
    expect(view.fields['48']).toBe('note 411111******1111');
  });

  it('never contains a full PAN, track or PIN block anywhere', () => {
    for (const secret of [PAN, TRACK2, TRACK1, '0123456789ABCDEF', '2512101123']) expect(text).not.toContain(secret);
  });

  it('masks sensitive subfields of composite fields (Postilion 127.10 CVV2)', () => {
    const v = describeMessage(iso87asciiPostilion, { mti: '0200', fields: { 127: { 2: 'KEY', 10: '123' } } });
    expect(v.fields['127']).toEqual({ 2: 'KEY', 10: '***' });
    // Raw composite content is masked whole: there is no safe partial view of it.
    expect(describeMessage(iso87asciiPostilion, { mti: '0200', fields: { 127: 'raw' } }).fields['127']).toBe('***');
  });

  it('shows values in clear only when asked, in the JSON shape encode accepts', () => {
    const clear = describeMessage(iso87ascii, unpack(iso87ascii, pack(iso87ascii, message)), { unmasked: true });
    expect(pack(iso87ascii, clear as never).equals(pack(iso87ascii, message))).toBe(true);
  });

  it('never throws on junk (it runs on error paths)', () => {
    expect(() =>
      describeMessage(iso87ascii, { mti: 5, fields: { 2: { x: 1 }, 999: 'x', 55: 'zz' } } as never),
    ).not.toThrow();
    expect(describeMessage(iso87ascii, { mti: '0200', fields: { 999: PAN } } as never).fields['999']).toBe(
      '*'.repeat(16),
    );
  });
});
