/**
 * EMV data objects that carry cardholder data (EMV Book 3 Annex A; PCI DSS treats PAN, track data
 * and cardholder name as account data). describe() masks them inside field 55 and any other TLV
 * field; custom specs can add tags through `composite.sensitiveTags`.
 */

/** Tags whose value is a PAN (BCD, maybe F-padded): masked first 6 / last 4. */
export const EMV_PAN_TAGS: ReadonlySet<string> = new Set(['5A']);

/** Tags masked completely. */
export const EMV_SECRET_TAGS: ReadonlySet<string> = new Set([
  '56', // Track 1 data (contactless)
  '57', // Track 2 equivalent data
  '5F20', // Cardholder name
  '9F0B', // Cardholder name extended
  '9F1F', // Track 1 discretionary data
  '9F20', // Track 2 discretionary data
  '9F6B', // Track 2 data (contactless)
  '99', // Transaction personal identification number (PIN) data
]);
