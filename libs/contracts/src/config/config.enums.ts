/** Vocabularies of the config document. */

/** ISO 8583 length-prefix framing on the TCP link (libs/iso8583 implements these). */
export const Framing = {
  TWO_BYTE_BINARY: '2-byte-binary',
  FOUR_BYTE_ASCII: '4-byte-ascii',
  TWO_BYTE_BCD: '2-byte-bcd',
} as const;
export type Framing = (typeof Framing)[keyof typeof Framing];
export const FRAMINGS: readonly Framing[] = Object.values(Framing);

/** ACTIVE: the decision engine issues commands. SHADOW: it decides and records, but sends nothing. */
export const FailoverMode = {
  ACTIVE: 'ACTIVE',
  SHADOW: 'SHADOW',
} as const;
export type FailoverMode = (typeof FailoverMode)[keyof typeof FailoverMode];
export const FAILOVER_MODES: readonly FailoverMode[] = Object.values(FailoverMode);

export const GLOBAL_SCOPE = 'global';
export const CONNECTION_SCOPE_PREFIX = 'connection:';
export type ConfigScope = 'global' | `connection:${string}`;
export const CONFIG_SCOPE_PATTERN = /^(global|connection:[A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;

/** The scope of a per-connection config document: `connection:<id>`. */
export function connectionScope(connectionId: string): `connection:${string}` {
  return `${CONNECTION_SCOPE_PREFIX}${connectionId}`;
}

export function isConfigScope(value: unknown): value is ConfigScope {
  return typeof value === 'string' && CONFIG_SCOPE_PATTERN.test(value);
}
