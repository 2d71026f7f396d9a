/**
 * A deliberately small, local copy of the ISO 8583 masking rules (PCI DSS) for the safe views of
 * commands and results. libs/contracts must not depend on @switchyard/iso8583 (it sits below it in
 * the dependency graph), so the rule lives here too; keep the two in step:
 *   field 2 (PAN)                          → first 6 and last 4 digits kept
 *   fields 35, 45 (track 2 / track 1 data) → fully masked
 *   field 52 (PIN block), 55 (EMV/ICC data, may carry CVV-like data) → fully masked
 */
export const FULLY_MASKED_FIELDS: readonly string[] = ['35', '45', '52', '55'];
export const PAN_FIELD = '2';

const MASK = '*';

/** Mask a PAN keeping the first 6 and last 4 digits; shorter values (< 13) keep only the last 4. */
export function maskPan(pan: string): string {
  if (pan.length >= 13) return `${pan.slice(0, 6)}${MASK.repeat(pan.length - 10)}${pan.slice(-4)}`;
  if (pan.length > 4) return `${MASK.repeat(pan.length - 4)}${pan.slice(-4)}`;
  return MASK.repeat(pan.length);
}

/** Mask one ISO 8583 field value by field number. */
export function maskIsoField(field: string | number, value: string): string {
  const key = String(Number(field));
  if (key === PAN_FIELD) return maskPan(value);
  if (FULLY_MASKED_FIELDS.includes(key)) return MASK.repeat(value.length);
  return value;
}

/** A copy of an ISO 8583 field map (field number → value) with card data masked. */
export function maskIsoFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    out[field] = typeof value === 'string' ? maskIsoField(field, value) : value;
  }
  return out;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Mask every run of 13-19 digits that passes the Luhn check (a likely PAN) in free text: a safety
 * net for text we cannot parse field by field (e.g. a dead-lettered message's raw value).
 */
export function maskPanLikeDigits(text: string): string {
  return text.replace(/(?<!\d)\d{13,19}(?!\d)/g, (run) => (luhnValid(run) ? maskPan(run) : run));
}
