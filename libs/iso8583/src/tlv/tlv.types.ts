/**
 * BER-TLV values as the API sees them (field 55 EMV data). Tags and values are uppercase hex so a
 * message stays JSON-friendly and unknown or proprietary tags pass through untouched.
 */

/** One data object as found on the wire. Constructed tags keep their raw content in `value`. */
export interface TlvItem {
  /** Tag bytes as uppercase hex ("9F26", "5F2A", "82"). */
  tag: string;
  /** Value bytes as hex (uppercase on unpack; either case accepted on pack). */
  value: string;
  /**
   * Only set when the sender used a longer length form than needed (e.g. `81 05`): the total
   * number of length bytes, kept so that re-packing reproduces the exact bytes.
   */
  lengthBytes?: number;
}

/** A constructed data object given by its children (pack accepts it; describe produces it). */
export interface TlvTemplate {
  tag: string;
  children: TlvNode[];
  lengthBytes?: number;
}

export type TlvNode = TlvItem | TlvTemplate;
