/**
 * ISO 8583:1987 data elements, shipped as `iso87ascii` (ASCII everything, hex bitmap) and
 * `iso87binary` (binary bitmap, BCD MTI, BCD numerics and BCD lengths, binary b-fields).
 *
 * Types and lengths follow the ISO 8583:1987 field table (as reproduced on Wikipedia's "ISO 8583"
 * article). Where the standard leaves "reserved" fields open, the common practice is used: LLL ans
 * up to 999; field 55 carries EMV ICC data as BER-TLV; field 43 is split into its positional parts
 * (name/street 23, city 13, state 2, country 2).
 */
import { ASCII_FLAVOUR, BINARY_FLAVOUR, builders, emvField, Flavour } from './field.builders';
import type { FieldSpec, MessageSpec } from './spec.types';

export function iso87Fields(fl: Flavour): Record<string, FieldSpec> {
  const { n, nvar, text, tvar, xn, b, track2 } = builders(fl);
  const reserved = (d: string): FieldSpec => tvar('LLL', 999, d);
  const f: Record<string, FieldSpec> = {
    '2': { ...nvar('LL', 19, 'Primary account number (PAN)'), sensitive: 'pan' },
    '3': n(6, 'Processing code'),
    '4': n(12, 'Amount, transaction'),
    '5': n(12, 'Amount, settlement'),
    '6': n(12, 'Amount, cardholder billing'),
    '7': n(10, 'Transmission date and time (MMDDhhmmss)'),
    '8': n(8, 'Amount, cardholder billing fee'),
    '9': n(8, 'Conversion rate, settlement'),
    '10': n(8, 'Conversion rate, cardholder billing'),
    '11': n(6, 'System trace audit number (STAN)'),
    '12': n(6, 'Time, local transaction (hhmmss)'),
    '13': n(4, 'Date, local transaction (MMDD)'),
    '14': n(4, 'Date, expiration (YYMM)'),
    '15': n(4, 'Date, settlement (MMDD)'),
    '16': n(4, 'Date, conversion (MMDD)'),
    '17': n(4, 'Date, capture (MMDD)'),
    '18': n(4, 'Merchant type'),
    '19': n(3, 'Acquiring institution country code'),
    '20': n(3, 'PAN extended, country code'),
    '21': n(3, 'Forwarding institution country code'),
    '22': n(3, 'Point of service entry mode'),
    '23': n(3, 'Application PAN sequence number'),
    '24': n(3, 'Network international identifier (NII)'),
    '25': n(2, 'Point of service condition code'),
    '26': n(2, 'Point of service capture code'),
    '27': n(1, 'Authorizing identification response length'),
    '28': xn(8, 'Amount, transaction fee'),
    '29': xn(8, 'Amount, settlement fee'),
    '30': xn(8, 'Amount, transaction processing fee'),
    '31': xn(8, 'Amount, settlement processing fee'),
    '32': nvar('LL', 11, 'Acquiring institution identification code'),
    '33': nvar('LL', 11, 'Forwarding institution identification code'),
    '34': { ...tvar('LL', 28, 'Primary account number, extended', 'ns'), sensitive: 'pan' },
    '35': track2(37, 'Track 2 data'),
    '36': { ...tvar('LLL', 104, 'Track 3 data', 'ans'), sensitive: 'secret' },
    '37': text(12, 'Retrieval reference number', 'an'),
    '38': text(6, 'Authorization identification response', 'an'),
    '39': text(2, 'Response code', 'an'),
    '40': text(3, 'Service restriction code', 'an'),
    '41': text(8, 'Card acceptor terminal identification'),
    '42': text(15, 'Card acceptor identification code'),
    '43': {
      ...text(40, 'Card acceptor name/location'),
      composite: {
        kind: 'positional',
        subfields: {
          '1': text(23, 'Name and street address'),
          '2': text(13, 'City'),
          '3': text(2, 'State or region'),
          '4': text(2, 'Country code'),
        },
      },
    },
    '44': tvar('LL', 25, 'Additional response data'),
    '45': { ...tvar('LL', 76, 'Track 1 data'), sensitive: 'secret' },
    '46': reserved('Additional data (ISO)'),
    '47': reserved('Additional data (national)'),
    '48': reserved('Additional data (private)'),
    '49': text(3, 'Currency code, transaction', 'an'),
    '50': text(3, 'Currency code, settlement', 'an'),
    '51': text(3, 'Currency code, cardholder billing', 'an'),
    '52': { ...b(8, 'Personal identification number (PIN) data'), sensitive: 'secret' },
    '53': n(16, 'Security related control information'),
    '54': tvar('LLL', 120, 'Additional amounts'),
    '55': emvField('ICC data (EMV, BER-TLV)', fl.prefix),
    '56': reserved('Reserved (ISO)'),
    '57': reserved('Reserved (national)'),
    '58': reserved('Reserved (national)'),
    '59': reserved('Reserved (national)'),
    '60': reserved('Reserved (national)'),
    '61': reserved('Reserved (private)'),
    '62': reserved('Reserved (private)'),
    '63': reserved('Reserved (private)'),
    '64': b(8, 'Message authentication code (MAC)'),
    '65': b(8, 'Bitmap, extended'),
    '66': n(1, 'Settlement code'),
    '67': n(2, 'Extended payment code'),
    '68': n(3, 'Receiving institution country code'),
    '69': n(3, 'Settlement institution country code'),
    '70': n(3, 'Network management information code'),
    '71': n(4, 'Message number'),
    '72': n(4, 'Message number, last'),
    '73': n(6, 'Date, action (YYMMDD)'),
    '74': n(10, 'Credits, number'),
    '75': n(10, 'Credits, reversal number'),
    '76': n(10, 'Debits, number'),
    '77': n(10, 'Debits, reversal number'),
    '78': n(10, 'Transfer, number'),
    '79': n(10, 'Transfer, reversal number'),
    '80': n(10, 'Inquiries, number'),
    '81': n(10, 'Authorizations, number'),
    '82': n(12, 'Credits, processing fee amount'),
    '83': n(12, 'Credits, transaction fee amount'),
    '84': n(12, 'Debits, processing fee amount'),
    '85': n(12, 'Debits, transaction fee amount'),
    '86': n(16, 'Credits, amount'),
    '87': n(16, 'Credits, reversal amount'),
    '88': n(16, 'Debits, amount'),
    '89': n(16, 'Debits, reversal amount'),
    '90': n(42, 'Original data elements'),
    '91': text(1, 'File update code', 'an'),
    '92': text(2, 'File security code', 'an'),
    '93': text(5, 'Response indicator', 'an'),
    '94': text(7, 'Service indicator', 'an'),
    '95': text(42, 'Replacement amounts', 'an'),
    '96': b(8, 'Message security code'),
    '97': xn(16, 'Amount, net settlement'),
    '98': text(25, 'Payee'),
    '99': nvar('LL', 11, 'Settlement institution identification code'),
    '100': nvar('LL', 11, 'Receiving institution identification code'),
    '101': tvar('LL', 17, 'File name'),
    '102': tvar('LL', 28, 'Account identification 1'),
    '103': tvar('LL', 28, 'Account identification 2'),
    '104': tvar('LLL', 100, 'Transaction description'),
    '128': b(8, 'Message authentication code (MAC)'),
  };
  for (let i = 105; i <= 111; i++) f[String(i)] = reserved('Reserved (ISO)');
  for (let i = 112; i <= 119; i++) f[String(i)] = reserved('Reserved (national)');
  for (let i = 120; i <= 127; i++) f[String(i)] = reserved('Reserved (private)');
  return f;
}

export const iso87ascii: MessageSpec = {
  name: 'iso87ascii',
  description: 'ISO 8583:1987, ASCII data and lengths, hex bitmap',
  mti: { encoding: 'ascii' },
  bitmap: { encoding: 'hex' },
  fields: iso87Fields(ASCII_FLAVOUR),
};

export const iso87binary: MessageSpec = {
  name: 'iso87binary',
  description: 'ISO 8583:1987, binary bitmap, BCD MTI/numerics/lengths, ASCII text, binary b-fields',
  mti: { encoding: 'bcd' },
  bitmap: { encoding: 'binary' },
  fields: iso87Fields(BINARY_FLAVOUR),
};
