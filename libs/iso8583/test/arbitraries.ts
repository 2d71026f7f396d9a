/**
 * fast-check arbitraries that build valid messages for any spec, straight from its FieldSpecs, so
 * the property tests (and the long-run fuzz script) cover every shipped spec and custom ones alike.
 */
import fc from 'fast-check';
import type { Charset, FieldSpec, MessageSpec } from '../src/spec/spec.types';
import type { FieldValue, IsoMessage, SubfieldValues } from '../src/message/message.types';
import type { TlvItem } from '../src/tlv/tlv.types';

const DIGITS = '0123456789';
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SPECIAL = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LATIN1_EXTRA = 'ÀÉÑÖÜßàéñöü£¥§';
const HEX_UPPER = '0123456789ABCDEF';

function alphabet(cs: Charset, encoding: FieldSpec['encoding']): string {
  if (encoding === 'bcd') return cs === 'z' ? `${DIGITS}D` : cs === 'hex' ? HEX_UPPER : DIGITS;
  switch (cs) {
    case 'n':
      return DIGITS;
    case 'a':
      return ALPHA;
    case 'an':
      return ALPHA + DIGITS;
    case 'anp':
      return `${ALPHA}${DIGITS} `;
    case 'as':
      return ALPHA + SPECIAL;
    case 'ns':
      return DIGITS + SPECIAL;
    case 'z':
      return `${DIGITS}=D`;
    case 'hex':
      return `${HEX_UPPER}abcdef`;
    default:
      return ALPHA + DIGITS + SPECIAL + LATIN1_EXTRA;
  }
}

function stringOf(chars: string, min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: chars.length - 1 }), { minLength: min, maxLength: max })
    .map((idx) => idx.map((i) => chars[i]).join(''));
}

const hexBytes = (min: number, max: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('hex').toUpperCase());

/** Tags: common EMV ones, multi-byte, and proprietary/unknown ones that must survive untouched. */
const TAGS = [
  '82',
  '95',
  '9A',
  '9C',
  '5A',
  '57',
  '5F2A',
  '5F34',
  '9F02',
  '9F03',
  '9F10',
  '9F26',
  '9F27',
  '9F36',
  '9F37',
  'DF01',
  'DF8101',
  '9F6E',
  'C1',
  '1F8101',
];

const tlvItem: fc.Arbitrary<TlvItem> = fc
  .record({ tag: fc.constantFrom(...TAGS), value: hexBytes(0, 40), longForm: fc.boolean() })
  .map(({ tag, value, longForm }) => {
    const item: TlvItem = { tag, value };
    // Sometimes use a non-minimal length form, which must be preserved.
    if (longForm && value.length / 2 < 128) item.lengthBytes = 2;
    return item;
  });

/** A valid value for a field, capped at `cap` units for variable fields to keep runs fast. */
export function fieldValue(spec: FieldSpec, cap = 40): fc.Arbitrary<FieldValue> {
  const c = spec.composite;
  if (c?.kind === 'tlv') {
    const arr = fc.array(tlvItem, { maxLength: 8 });
    return spec.encoding === 'hex'
      ? arr.filter((a) => tlvWireLength(a) * 2 <= spec.maxLength)
      : arr.filter((a) => tlvWireLength(a) <= spec.maxLength);
  }
  if (c?.kind === 'positional') {
    const entries = Object.entries(c.subfields).sort((a, b) => Number(a[0]) - Number(b[0]));
    return fc.tuple(...entries.map(([, s]) => fieldValue(s, cap))).map((vals) => {
      const out: SubfieldValues = {};
      entries.forEach(([id], i) => (out[Number(id)] = vals[i]));
      return out;
    });
  }
  if (c?.kind === 'bitmapped') {
    const rec: Record<string, fc.Arbitrary<FieldValue>> = {};
    for (const [id, s] of Object.entries(c.subfields)) rec[id] = fieldValue(s, cap);
    return fc.record(rec, { requiredKeys: [] }) as fc.Arbitrary<FieldValue>;
  }
  const fixed = spec.length === 'fixed';
  const min = fixed ? spec.maxLength : 0;
  const max = fixed ? spec.maxLength : Math.min(spec.maxLength, cap);
  if (spec.encoding === 'binary') return hexBytes(min, max);
  const cs = spec.charset ?? (spec.encoding === 'hex' ? 'hex' : spec.encoding === 'bcd' ? 'n' : 'ans');
  if (cs === 'xn')
    return fc.tuple(fc.constantFrom('C', 'D'), stringOf(DIGITS, min - 1, max - 1)).map(([s, d]) => s + d);
  if (spec.encoding === 'bcd' && spec.lengthUnit === 'bytes') {
    // A byte count implies an even digit count (odd ones come back with their pad digit).
    return fc.integer({ min, max }).chain((n) => stringOf(alphabet(cs, 'bcd'), n * 2, n * 2));
  }
  return stringOf(alphabet(cs, spec.encoding), min, max);
}

function tlvWireLength(items: TlvItem[]): number {
  let n = 0;
  for (const i of items) {
    const len = i.value.length / 2;
    n += i.tag.length / 2 + (i.lengthBytes ?? (len < 128 ? 1 : 2)) + len;
  }
  return n;
}

/** A random valid message for the spec: any subset of its fields (without a composite cap on count). */
export function messageFor(
  spec: MessageSpec,
  options: { cap?: number; maxFields?: number } = {},
): fc.Arbitrary<IsoMessage> {
  const ids = Object.keys(spec.fields).filter((k) => !(spec.bitmap.tertiary && k === '65'));
  const rec: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const id of ids) rec[id] = fieldValue(spec.fields[id], options.cap);
  const mti = fc
    .tuple(
      fc.constantFrom('0', '1', '2'),
      fc.constantFrom('1', '2', '4', '8'),
      fc.constantFrom('0', '1', '2', '3'),
      fc.constantFrom('0', '1', '2'),
    )
    .map((d) => d.join(''));
  return fc.record({ mti, fields: fc.record(rec, { requiredKeys: [] }) }) as fc.Arbitrary<IsoMessage>;
}
