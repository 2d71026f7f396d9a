/**
 * `iso87ascii-postilion`: iso87ascii plus a Postilion-style field 127: an LLLLLL field whose content
 * starts with its own 8-byte binary bitmap announcing subfields 127.2..127.n. It shows how a
 * network dialect extends a shipped spec (`extendSpec`) with a bitmapped composite; the subfield
 * table covers the commonly used 127.2..127.22 and can be extended the same way.
 */
import { ASCII_FLAVOUR, builders } from './field.builders';
import { iso87ascii } from './iso87.definition';
import type { FieldSpec, MessageSpec } from './spec.types';

function field127(): FieldSpec {
  const { n, text, tvar } = builders(ASCII_FLAVOUR);
  return {
    description: 'Postilion private field (bitmapped subfields)',
    length: 'LLLLLL',
    maxLength: 999999,
    encoding: 'ascii',
    prefix: 'ascii',
    composite: {
      kind: 'bitmapped',
      bitmap: { encoding: 'binary', bytes: 8 },
      subfields: {
        '2': tvar('LL', 32, 'Switch key'),
        '3': text(48, 'Routing information'),
        '4': text(22, 'POS data'),
        '5': text(73, 'Service station data'),
        '6': n(2, 'Authorization profile'),
        '7': tvar('LL', 50, 'Check data'),
        '8': tvar('LLL', 999, 'Retention data'),
        '9': tvar('LLL', 255, 'Additional node data'),
        '10': { ...n(3, 'CVV2'), sensitive: 'secret' },
        '11': tvar('LL', 32, 'Original key'),
        '12': tvar('LL', 25, 'Terminal owner'),
        '13': text(17, 'POS geographic data'),
        '14': text(8, 'Sponsor bank'),
        '15': tvar('LL', 29, 'Address verification data'),
        '16': text(1, 'Address verification result', 'a'),
        '17': tvar('LL', 50, 'Cardholder information'),
        '18': tvar('LL', 50, 'Validation data'),
        '19': text(31, 'Bank details'),
        '20': n(8, 'Originator/authorizer date settlement (YYYYMMDD)'),
        '21': tvar('LL', 12, 'Record identification'),
        '22': tvar('LLLLL', 99999, 'Structured data'),
      },
    },
  };
}

export const iso87asciiPostilion: MessageSpec = {
  ...iso87ascii,
  name: 'iso87ascii-postilion',
  description: 'ISO 8583:1987 ASCII with a Postilion-style bitmapped field 127',
  fields: { ...iso87ascii.fields, '127': field127() },
};
