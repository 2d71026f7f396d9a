/**
 * ISO 8583:1993 in ASCII (`iso93ascii`): the 1987 layout with the data elements that the 1993
 * edition redefined (per the published 1993 field table: e.g. 12 becomes date+time n12, 22 the POS
 * data code an12, 24 the function code, 25 the message reason code, 39 the action code n3,
 * 43 an LL field, 53 and 55 binary, 56 original data elements LL). Network management in 1993 is
 * 1804/1814 with field 24 (function code 831 = echo); the echo helpers let you choose the MTI.
 */
import { ASCII_FLAVOUR, builders, emvField } from './field.builders';
import { iso87Fields } from './iso87.definition';
import type { FieldSpec, MessageSpec } from './spec.types';

function iso93Fields(): Record<string, FieldSpec> {
  const { n, nvar, text, tvar, xn, bvar } = builders(ASCII_FLAVOUR);
  const f = iso87Fields(ASCII_FLAVOUR);
  const changes: Record<string, FieldSpec> = {
    '12': n(12, 'Date and time, local transaction (YYMMDDhhmmss)'),
    '22': text(12, 'Point of service data code', 'an'),
    '24': n(3, 'Function code'),
    '25': n(4, 'Message reason code'),
    '26': n(4, 'Card acceptor business code'),
    '27': n(1, 'Approval code length'),
    '28': n(6, 'Date, reconciliation (YYMMDD)'),
    '29': n(3, 'Reconciliation indicator'),
    '30': n(24, 'Amounts, original'),
    '31': tvar('LL', 99, 'Acquirer reference data'),
    '38': text(6, 'Approval code', 'anp'),
    '39': n(3, 'Action code'),
    '40': n(3, 'Service code'),
    '43': tvar('LL', 99, 'Card acceptor name/location'),
    '44': tvar('LL', 99, 'Additional response data'),
    '46': tvar('LLL', 204, 'Amounts, fees'),
    '53': bvar('LL', 48, 'Security related control information'),
    '55': emvField('Integrated circuit card (ICC) system related data (BER-TLV)', 'ascii', 255),
    '56': nvar('LL', 35, 'Original data elements'),
    '57': n(3, 'Authorization life cycle code'),
    '58': nvar('LL', 11, 'Authorizing agent institution identification code'),
    '59': tvar('LLL', 999, 'Transport data'),
    '66': tvar('LLL', 204, 'Amounts, original fees'),
    '71': n(8, 'Message number'),
    '72': tvar('LLL', 999, 'Data record'),
    '82': n(10, 'Inquiries reversal, number'),
    '83': n(10, 'Payments, number'),
    '84': n(10, 'Payments reversal, number'),
    '85': n(10, 'Fee collections, number'),
    '90': n(10, 'Authorizations reversal, number'),
    '91': n(3, 'Country code, transaction destination institution'),
    '92': n(3, 'Country code, transaction originator institution'),
    '93': nvar('LL', 11, 'Transaction destination institution identification code'),
    '94': nvar('LL', 11, 'Transaction originator institution identification code'),
    '95': tvar('LL', 99, 'Card issuer reference data'),
    '96': bvar('LLL', 999, 'Key management data'),
    '97': xn(16, 'Amount, net reconciliation'),
    '99': tvar('LL', 11, 'Settlement institution identification code', 'an'),
    '105': n(16, 'Credits, chargeback amount'),
    '106': n(16, 'Debits, chargeback amount'),
    '107': n(10, 'Credits, chargeback number'),
    '108': n(10, 'Debits, chargeback number'),
    '109': tvar('LL', 84, 'Credits, fee amounts'),
    '110': tvar('LL', 84, 'Debits, fee amounts'),
  };
  return { ...f, ...changes };
}

export const iso93ascii: MessageSpec = {
  name: 'iso93ascii',
  description: 'ISO 8583:1993, ASCII data and lengths, hex bitmap',
  mti: { encoding: 'ascii' },
  bitmap: { encoding: 'hex' },
  fields: iso93Fields(),
};
