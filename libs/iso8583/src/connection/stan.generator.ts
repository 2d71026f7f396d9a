/**
 * System trace audit numbers (field 11): six digits, 000001..999999, wrapping back to 000001
 * (000000 is never issued). The start is random by default so that a restarted client does not
 * reuse the STANs of its previous run while the host still remembers them.
 */
import { RandomSource, systemRandom } from './clock';

export interface StanGeneratorOptions {
  /** First STAN to issue (1..999999). */
  start?: number;
  /** Used for the random start when `start` is not given. */
  random?: RandomSource;
}

export const STAN_MAX = 999999;

export class StanGenerator {
  private last: number;

  constructor(options: StanGeneratorOptions = {}) {
    if (options.start !== undefined) {
      if (!Number.isInteger(options.start) || options.start < 1 || options.start > STAN_MAX) {
        throw new RangeError('STAN start must be an integer in 1..999999');
      }
      this.last = options.start - 1;
    } else {
      this.last = Math.floor((options.random ?? systemRandom)() * STAN_MAX); // 0..999998, so next() is 1..999999
    }
  }

  next(): string {
    this.last = this.last >= STAN_MAX ? 1 : this.last + 1;
    return formatStan(this.last);
  }
}

export function formatStan(n: number): string {
  return String(n).padStart(6, '0');
}
