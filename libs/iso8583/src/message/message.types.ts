/**
 * The message model: an MTI and data elements keyed by number. Plain objects, so a message is its
 * own JSON form: `{"mti":"0100","fields":{"2":"4242...","3":"000000"}}`.
 */
import type { TlvNode } from '../tlv/tlv.types';

/**
 * A data element's value.
 * - `string` for primitive fields (binary fields as uppercase hex);
 * - `Uint8Array` accepted by pack for binary fields (unpack always returns hex strings);
 * - `TlvNode[]` for BER-TLV fields (55);
 * - `SubfieldValues` for positional and bitmapped composite fields (43, 127), keyed by subfield number.
 * Composite fields also accept their raw content on pack (a string, or bytes/hex for TLV).
 */
export type FieldValue = string | Uint8Array | TlvNode[] | SubfieldValues;

export interface SubfieldValues {
  [subfield: number]: FieldValue | undefined;
}

export interface IsoFields {
  [field: number]: FieldValue | undefined;
}

export interface IsoMessage {
  /** Message type indicator, four digits ("0200"). */
  mti: string;
  fields: IsoFields;
}
