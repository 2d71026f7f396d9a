/**
 * EBCDIC text (IBM code pages 037 and 1047). Values are Latin-1 strings; bytes are translated
 * through 256-entry tables in both directions, then checked against the same charset tables as
 * ASCII.
 */
import { packFail, unpackFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import type { CharsetTable } from './charset';
import { CP037_TO_LATIN1_HEX, CP1047_TO_LATIN1_HEX } from './ebcdic.tables';

export type EbcdicCodePage = 'cp037' | 'cp1047';

export interface EbcdicTable {
  readonly codePage: EbcdicCodePage;
  readonly toLatin1: Uint8Array;
  readonly fromLatin1: Uint8Array;
}

function buildTable(codePage: EbcdicCodePage, hex: string): EbcdicTable {
  const toLatin1 = Uint8Array.from(Buffer.from(hex, 'hex'));
  const fromLatin1 = new Uint8Array(256);
  for (let b = 0; b < 256; b++) fromLatin1[toLatin1[b]] = b;
  return { codePage, toLatin1, fromLatin1 };
}

const TABLES: Record<EbcdicCodePage, EbcdicTable> = {
  cp037: buildTable('cp037', CP037_TO_LATIN1_HEX),
  cp1047: buildTable('cp1047', CP1047_TO_LATIN1_HEX),
};

export function ebcdicTable(codePage: EbcdicCodePage): EbcdicTable {
  return TABLES[codePage];
}

export function decodeEbcdic(
  buf: Uint8Array,
  start: number,
  count: number,
  table: EbcdicTable,
  cs: CharsetTable,
  field: string,
): string {
  const map = table.toLatin1;
  const allowed = cs.allowed;
  const end = start + count;
  let s = '';
  for (let i = start; i < end; i++) {
    const c = map[buf[i]];
    if (allowed[c] === 0) unpackFail('INVALID_CHARACTER', 'character not allowed', field, i, cs.label);
    s += String.fromCharCode(c);
  }
  return s;
}

export function encodeEbcdic(value: string, w: ByteWriter, table: EbcdicTable, cs: CharsetTable, field: string): void {
  const n = value.length;
  w.ensure(n);
  const out = w.buf;
  const map = table.fromLatin1;
  const allowed = cs.allowed;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || allowed[c] === 0) {
      packFail('INVALID_CHARACTER', `character at position ${i + 1} not allowed`, field, cs.label);
    }
    out[p++] = map[c];
  }
  w.pos = p;
}

/** Convenience for callers outside the codec (CLI, tests): Latin-1 string <-> EBCDIC bytes. */
export function latin1ToEbcdic(text: string, codePage: EbcdicCodePage = 'cp037'): Buffer {
  const map = TABLES[codePage].fromLatin1;
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`character at position ${i + 1} is not Latin-1`);
    out[i] = map[c];
  }
  return out;
}

export function ebcdicToLatin1(bytes: Uint8Array, codePage: EbcdicCodePage = 'cp037'): string {
  const map = TABLES[codePage].toLatin1;
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(map[bytes[i]]);
  return s;
}
