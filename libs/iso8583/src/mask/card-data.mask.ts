/**
 * Card data masking for anything that leaves the process as text: logs, events, metric labels,
 * error messages. PCI DSS allows at most the first 6 and last 4 digits of a PAN to be shown; track
 * data, CVV and PIN blocks are never shown.
 */

const STAR = '*';

/**
 * First 6 / last 4 for a full-length PAN ("424242******4242"). Shorter inputs show less: only the
 * last 4 when 8..12 characters, nothing when shorter, so a short value is never fully revealed.
 */
export function maskPan(pan: string): string {
  const s = String(pan);
  const n = s.length;
  if (n >= 13) return s.slice(0, 6) + STAR.repeat(n - 10) + s.slice(n - 4);
  if (n >= 8) return STAR.repeat(n - 4) + s.slice(n - 4);
  return STAR.repeat(n);
}

/** Every character replaced (length kept, so a reader can still see that a value was present). */
export function maskAll(value: string): string {
  return STAR.repeat(String(value).length);
}

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Track 1 (ISO/IEC 7813 format B): optional start sentinel, B, PAN, ^NAME^, expiry/service/discretionary.
const TRACK1 = /%?B(\d{12,19})\^[^^\r\n]{0,26}\^[^\s?]*\??/g;
// Track 2: PAN, separator '=' (or 'D' when BCD-derived), then expiry/service/discretionary digits.
const TRACK2 = /;?(?<![0-9])(\d{12,19})[=D]\d{0,40}\??/g;
// PAN candidates: 13..19 digits, optionally grouped with single spaces or dashes, not inside a longer run.
const PAN_CANDIDATE = /(?<![0-9])(?:\d[ -]?){12,18}\d(?![0-9])/g;

function maskGroupedPan(match: string): string {
  let digits = '';
  for (let i = 0; i < match.length; i++) {
    const c = match.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += match[i];
  }
  if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return match;
  const n = digits.length;
  let out = '';
  let k = 0;
  for (let i = 0; i < match.length; i++) {
    const c = match.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      out += k < 6 || k >= n - 4 ? match[i] : STAR;
      k++;
    } else {
      out += match[i];
    }
  }
  return out;
}

/**
 * Scrubs free text: track 1 and track 2 patterns are masked (PAN first 6 / last 4, the rest
 * starred), and any Luhn-valid run of 13..19 digits (also written with spaces or dashes) keeps only
 * its first 6 and last 4 digits. Use it on anything that may echo external input before logging.
 */
export function redactCardData(text: string): string {
  if (typeof text !== 'string' || text.length < 13) return typeof text === 'string' ? text : String(text);
  return text
    .replace(TRACK1, (m: string, pan: string) => `${maskPan(pan)}^${maskAll(m.slice(m.indexOf('^') + 1))}`)
    .replace(TRACK2, (m: string, pan: string) => {
      const sep = m.indexOf(pan) + pan.length;
      return maskPan(pan) + m[sep] + maskAll(m.slice(sep + 1));
    })
    .replace(PAN_CANDIDATE, maskGroupedPan);
}
