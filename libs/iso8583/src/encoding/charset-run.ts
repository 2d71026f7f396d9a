/**
 * Batched charset validation for runs of adjacent text fields.
 *
 * Checking each field on its own costs a loop set-up and a mispredicted loop exit per field, which
 * is a large share of unpacking a message of many short fields. The message loop instead hands
 * each plain text field here once its length has been checked; consecutive fields with the same
 * charset table whose wire bytes touch form one run, checked in a single pass when the run ends.
 *
 * A run may only span a gap that is an ASCII-digit length prefix, and only with a table that
 * accepts ASCII digits (see spansDigits), so the prefix bytes inside a run can never fail the check
 * (they were already validated as digits). Every content byte is still checked, against the same
 * table as before.
 *
 * Errors are identical to the per-field check: the first bad byte of a run lies in the earliest
 * field with a bad byte, and is reported with that field's path, its offset and the table's label.
 * The caller must flush before raising any later error (unpack does so in its catch block), so the
 * error reported is still the one for the first problem in wire order.
 */
import { unpackFail } from '../errors/raise';
import { CharsetTable, firstInvalid } from './charset';

export class CharsetRun {
  private cs: CharsetTable | undefined = undefined;
  private start = 0;
  private end = -1;
  private count = 0;
  /** Content start and path of each field in the run, to attribute a bad byte to its field. */
  private readonly starts: number[] = [];
  private readonly paths: string[] = [];

  /** True when a table accepts every ASCII digit, so a run may span ASCII-digit length prefixes. */
  static spansDigits(cs: CharsetTable): boolean {
    for (let c = 0x30; c <= 0x39; c++) if (cs.allowed[c] === 0) return false;
    return true;
  }

  /**
   * Adds a field whose wire bytes are [fieldStart, contentEnd), content from contentStart; the
   * bytes in between are its ASCII-digit length prefix (none for a fixed field).
   */
  add(
    buf: Uint8Array,
    cs: CharsetTable,
    fieldStart: number,
    contentStart: number,
    contentEnd: number,
    path: string,
  ): void {
    if (cs !== this.cs || fieldStart !== this.end) {
      if (this.cs !== undefined) this.flush(buf);
      this.cs = cs;
      this.start = contentStart;
    }
    this.starts[this.count] = contentStart;
    this.paths[this.count] = path;
    this.count++;
    this.end = contentEnd;
  }

  /** Checks the pending run, if any, and clears it; throws the per-field error for a bad byte. */
  flush(buf: Uint8Array): void {
    const cs = this.cs;
    if (cs === undefined) return;
    // Cleared first: flush also runs in unpack's catch block and must not report a run twice.
    this.cs = undefined;
    const count = this.count;
    this.count = 0;
    const end = this.end;
    this.end = -1;
    const bad = firstInvalid(buf, cs.allowed, this.start, end);
    if (bad < 0) return;
    let k = count - 1;
    while (k > 0 && this.starts[k] > bad) k--;
    unpackFail('INVALID_CHARACTER', 'character not allowed', this.paths[k], bad, cs.label);
  }

  /** Drops any pending run (start of a message). */
  reset(): void {
    this.cs = undefined;
    this.count = 0;
    this.end = -1;
  }
}
