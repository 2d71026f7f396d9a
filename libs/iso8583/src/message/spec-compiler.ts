/**
 * Turns a spec (data) into codecs (code) once. pack/unpack accept either a MessageSpec, compiled
 * on first use and cached per object, or a CompiledSpec.
 */
import { validateSpec } from '../spec/spec.loader';
import type { FieldSpec, MessageSpec } from '../spec/spec.types';
import { BitmappedFieldCodec, PositionalFieldCodec, TlvFieldCodec } from './composite.codec';
import { FieldCodec, PrimitiveFieldCodec } from './field.codec';

export const enum MtiKind {
  Ascii,
  Ebcdic,
  Bcd,
}

export class CompiledSpec {
  /** Codecs indexed by field number (2..192); undefined where the spec defines nothing. */
  readonly fields: ReadonlyArray<FieldCodec | undefined>;
  readonly mtiKind: MtiKind;
  readonly hexBitmap: boolean;
  readonly tertiary: boolean;
  readonly secondaryAlways: boolean;
  /** Highest field number a message may carry: 128, or 192 with a tertiary bitmap. */
  readonly maxField: number;
  /**
   * The codecs of plain text fields (ASCII or hex characters, a charset whose check can be batched:
   * PrimitiveFieldCodec.batchCharset), indexed like `fields`; unpack decodes these inline.
   */
  readonly textFields: ReadonlyArray<PrimitiveFieldCodec | undefined>;

  constructor(readonly spec: MessageSpec) {
    validateSpec(spec);
    const mtiEnc = spec.mti.encoding;
    this.mtiKind = mtiEnc === 'ascii' ? MtiKind.Ascii : mtiEnc === 'bcd' ? MtiKind.Bcd : MtiKind.Ebcdic;
    this.hexBitmap = spec.bitmap.encoding === 'hex';
    this.tertiary = spec.bitmap.tertiary === true;
    this.secondaryAlways = spec.bitmap.secondary === 'always';
    this.maxField = this.tertiary ? 192 : 128;
    const fields = new Array<FieldCodec | undefined>(this.maxField + 1).fill(undefined);
    for (const [key, fs] of Object.entries(spec.fields)) fields[Number(key)] = compileField(key, fs);
    this.fields = fields;
    this.textFields = fields.map((c) =>
      c instanceof PrimitiveFieldCodec && c.batchCharset !== undefined ? c : undefined,
    );
  }
}

export function compileField(path: string, spec: FieldSpec): FieldCodec {
  const composite = spec.composite;
  if (composite === undefined) return new PrimitiveFieldCodec(path, spec);
  if (composite.kind === 'tlv') return new TlvFieldCodec(path, spec);
  const subfields = Object.entries(composite.subfields)
    .map(([id, sub]) => ({ id: Number(id), codec: compileField(`${path}.${id}`, sub) }))
    .sort((a, b) => a.id - b.id);
  return composite.kind === 'positional'
    ? new PositionalFieldCodec(path, spec, subfields)
    : new BitmappedFieldCodec(path, spec, subfields);
}

const cache = new WeakMap<MessageSpec, CompiledSpec>();

export function compileSpec(spec: MessageSpec | CompiledSpec): CompiledSpec {
  if (spec instanceof CompiledSpec) return spec;
  let compiled = cache.get(spec);
  if (compiled === undefined) {
    compiled = new CompiledSpec(spec);
    cache.set(spec, compiled);
  }
  return compiled;
}
