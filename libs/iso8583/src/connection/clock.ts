/**
 * Time and randomness as ports, so the link's timers, backoff, jitter and STANs can be driven
 * deterministically in tests (DESIGN.md: "time and randomness are injectable").
 */

/** Whatever the clock's setTimeout returns; only ever handed back to its clearTimeout. */
export type TimerHandle = unknown;

export interface Clock {
  /** Wall-clock milliseconds since the epoch (field 7 transmission date/time). */
  now(): number;
  /** Monotonic milliseconds with sub-millisecond resolution (RTT and timeouts). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A number in [0, 1). */
export type RandomSource = () => number;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const systemRandom: RandomSource = Math.random;
