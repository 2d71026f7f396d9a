/**
 * The shipped specs by name (used by the CLI's --spec and by apps that take a spec name from
 * config). Shipped specs are validated and frozen at load.
 */
import { Iso8583SpecError } from '../errors/iso8583.error';
import { iso87ascii as iso87asciiDef, iso87binary as iso87binaryDef } from './iso87.definition';
import { iso93ascii as iso93asciiDef } from './iso93.definition';
import { iso87asciiPostilion as postilionDef } from './postilion.definition';
import { loadSpec } from './spec.loader';
import type { MessageSpec } from './spec.types';

export const iso87ascii: MessageSpec = loadSpec(iso87asciiDef);
export const iso87binary: MessageSpec = loadSpec(iso87binaryDef);
export const iso93ascii: MessageSpec = loadSpec(iso93asciiDef);
export const iso87asciiPostilion: MessageSpec = loadSpec(postilionDef);

const SHIPPED: ReadonlyMap<string, MessageSpec> = new Map([
  [iso87ascii.name, iso87ascii],
  [iso87binary.name, iso87binary],
  [iso93ascii.name, iso93ascii],
  [iso87asciiPostilion.name, iso87asciiPostilion],
]);

export const SHIPPED_SPEC_NAMES: readonly string[] = [...SHIPPED.keys()];

/** A shipped spec by name; throws Iso8583SpecError listing the known names otherwise. */
export function getSpec(name: string): MessageSpec {
  const spec = SHIPPED.get(name);
  if (spec === undefined) {
    throw new Iso8583SpecError('INVALID_SPEC', `unknown spec "${name}"`, { expected: SHIPPED_SPEC_NAMES.join(', ') });
  }
  return spec;
}
