/**
 * The safe view of a message: the only form in which a message may be logged, put in an event or
 * shown by the CLI. Sensitive fields are masked per the spec (`sensitive: 'pan' | 'secret'`),
 * sensitive EMV tags inside TLV fields are masked, and every other text value is scrubbed with
 * redactCardData as a second line of defence (a PAN pasted into field 48 is still caught).
 */
import { bytesToHex } from '../encoding/hex.encoding';
import { BitmappedFieldCodec, PositionalFieldCodec } from '../message/composite.codec';
import type { FieldCodec } from '../message/field.codec';
import type { SpecLike } from '../message/message.codec';
import type { FieldValue, IsoMessage, SubfieldValues } from '../message/message.types';
import { compileSpec } from '../message/spec-compiler';
import { EMV_PAN_TAGS, EMV_SECRET_TAGS } from '../tlv/emv-tags';
import { isConstructedTag, parseTlvHex } from '../tlv/tlv.codec';
import type { TlvNode } from '../tlv/tlv.types';
import { maskAll, maskPan, redactCardData } from './card-data.mask';

export type DescribedTlv =
  | { tag: string; value: string; lengthBytes?: number }
  | { tag: string; children: DescribedTlv[]; lengthBytes?: number };

export type DescribedValue = string | DescribedTlv[] | { [subfield: string]: DescribedValue };

export interface DescribedMessage {
  mti: string;
  fields: Record<string, DescribedValue>;
}

export interface DescribeOptions {
  /**
   * Show values in clear. Only for tools run by an operator who needs the raw values (the CLI's
   * --unmasked); never for logs or events.
   */
  unmasked?: boolean;
}

const UNPRINTABLE = '[unprintable]';

/** A JSON-safe, masked copy of a message. Never throws: it runs on log and error paths. */
export function describe(spec: SpecLike, message: IsoMessage, options: DescribeOptions = {}): DescribedMessage {
  const unmasked = options.unmasked === true;
  const codecs = compileSpec(spec).fields;
  const out: DescribedMessage = {
    mti: typeof message?.mti === 'string' ? redactCardData(message.mti) : UNPRINTABLE,
    fields: {},
  };
  const fields = message?.fields;
  if (fields === null || typeof fields !== 'object') return out;
  for (const key of Object.keys(fields)) {
    const v = (fields as Record<string, FieldValue | undefined>)[key];
    if (v === undefined || v === null) continue;
    const codec = codecs[Number(key)];
    out.fields[key] = codec === undefined ? describeUnknown(v, unmasked) : describeValue(codec, v, unmasked);
  }
  return out;
}

function describeUnknown(v: FieldValue, unmasked: boolean): string {
  // A field the spec does not know: nothing says it is harmless, so mask it.
  const s = typeof v === 'string' ? v : v instanceof Uint8Array ? bytesToHex(v) : UNPRINTABLE;
  return unmasked ? s : maskAll(s);
}

function describeValue(codec: FieldCodec, v: FieldValue, unmasked: boolean): DescribedValue {
  const spec = codec.spec;
  const composite = spec.composite;
  if (composite?.kind === 'tlv' && Array.isArray(v)) {
    const extra = new Set(composite.sensitiveTags ?? []);
    return describeTlv(v as TlvNode[], unmasked, extra);
  }
  if ((codec instanceof PositionalFieldCodec || codec instanceof BitmappedFieldCodec) && isSubfields(v)) {
    const out: Record<string, DescribedValue> = {};
    for (const key of Object.keys(v)) {
      const sv = (v as Record<string, FieldValue | undefined>)[key];
      if (sv === undefined || sv === null) continue;
      const sub = codec.subfieldCodec(Number(key));
      out[key] = sub === undefined ? describeUnknown(sv, unmasked) : describeValue(sub, sv, unmasked);
    }
    return out;
  }
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Uint8Array) s = bytesToHex(v);
  else return unmasked ? safeJson(v) : UNPRINTABLE;
  if (unmasked) return s;
  // A composite given as raw content, or any sensitive field: no partial view is safe enough.
  if (spec.sensitive === 'secret') return maskAll(s);
  if (spec.sensitive === 'pan') return maskPan(s);
  if (composite !== undefined) return maskAll(s);
  return redactCardData(s);
}

function describeTlv(nodes: TlvNode[], unmasked: boolean, extra: ReadonlySet<string>): DescribedTlv[] {
  const out: DescribedTlv[] = [];
  for (const node of nodes) {
    if (node === null || typeof node !== 'object' || typeof node.tag !== 'string') {
      out.push({ tag: UNPRINTABLE, value: UNPRINTABLE });
      continue;
    }
    const tag = node.tag.toUpperCase();
    const base: { tag: string; lengthBytes?: number } = { tag: node.tag };
    if (node.lengthBytes !== undefined) base.lengthBytes = node.lengthBytes;
    if ('children' in node && Array.isArray(node.children)) {
      out.push({ ...base, children: describeTlv(node.children, unmasked, extra) });
      continue;
    }
    const value =
      typeof (node as { value?: unknown }).value === 'string' ? (node as { value: string }).value : UNPRINTABLE;
    if (unmasked) {
      out.push({ ...base, value });
    } else if (EMV_PAN_TAGS.has(tag)) {
      out.push({ ...base, value: maskPan(value) });
    } else if (EMV_SECRET_TAGS.has(tag) || extra.has(tag)) {
      out.push({ ...base, value: maskAll(value) });
    } else if (isConstructedTag(tag)) {
      // Templates (70, 77, 71/72 scripts...) may nest sensitive tags: show them parsed and masked.
      try {
        out.push({ ...base, children: describeTlv(parseTlvHex(value, tag), false, extra) });
      } catch {
        out.push({ ...base, value: maskAll(value) });
      }
    } else {
      out.push({ ...base, value });
    }
  }
  return out;
}

function isSubfields(v: FieldValue): v is SubfieldValues {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? UNPRINTABLE;
  } catch {
    return UNPRINTABLE;
  }
}
