/**
 * Request/response matching. The default key is the MTI class + STAN (11) + terminal id (41):
 * "0100" and its "0110" share the class "010", an advice "0120" and its "0130" share "012".
 * Custom keys (e.g. adding field 32 or 37) must not contain card data: keys appear in events.
 */
import type { IsoMessage } from '../message/message.types';

export type MatchKeyFn = (message: IsoMessage) => string | undefined;

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The MTI with the response bit of the function digit cleared: 0110 -> 010, 0130 -> 012, 1814 -> 181. */
export function mtiClass(mti: string): string {
  const fn = mti.charCodeAt(2) - 0x30;
  return mti.slice(0, 2) + String(fn & ~1);
}

/**
 * The key sees a request as the caller built it and its response as it came off the wire, so it
 * compares values the way pack pads them: STAN without its zero padding, terminal id without its
 * trailing spaces. Custom keys should normalise the same way.
 */
export const defaultMatchKey: MatchKeyFn = (message) => {
  const rawStan = text(message.fields[11]);
  if (rawStan === undefined || typeof message.mti !== 'string' || message.mti.length !== 4) return undefined;
  const stan = rawStan.replace(/^0+(?=.)/, '');
  const tid = text(message.fields[41])?.replace(/ +$/, '');
  return tid === undefined || tid === ''
    ? `${mtiClass(message.mti)}:${stan}`
    : `${mtiClass(message.mti)}:${stan}:${tid}`;
};
