/**
 * Reconnect delays: exponential with a cap, and jitter so that many clients cut off by the same
 * outage do not reconnect in lock-step.
 */
import type { RandomSource } from './clock';

export interface ReconnectOptions {
  /** Default true. */
  enabled?: boolean;
  /** Delay before the first reconnect attempt. Default 500 ms. */
  initialDelayMs?: number;
  /** Cap. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Fraction of the delay randomised (0 = none, 0.2 = +/-20 %). Default 0.2. */
  jitter?: number;
  /** Give up after this many consecutive failed attempts. Default: never. */
  maxAttempts?: number;
}

export type ResolvedReconnect = Required<ReconnectOptions>;

export function resolveReconnect(options: ReconnectOptions | false | undefined): ResolvedReconnect {
  const o = options === false ? { enabled: false } : (options ?? {});
  const r: ResolvedReconnect = {
    enabled: o.enabled ?? true,
    initialDelayMs: o.initialDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 30_000,
    multiplier: o.multiplier ?? 2,
    jitter: o.jitter ?? 0.2,
    maxAttempts: o.maxAttempts ?? Infinity,
  };
  if (
    !(r.initialDelayMs >= 0) ||
    !(r.maxDelayMs >= r.initialDelayMs) ||
    !(r.multiplier >= 1) ||
    !(r.jitter >= 0 && r.jitter <= 1)
  ) {
    throw new RangeError(
      'invalid reconnect options: need 0 <= initialDelayMs <= maxDelayMs, multiplier >= 1, 0 <= jitter <= 1',
    );
  }
  return r;
}

/** Delay before reconnect attempt `attempt` (1-based): min(max, initial * multiplier^(attempt-1)) +/- jitter. */
export function backoffDelay(attempt: number, options: ResolvedReconnect, random: RandomSource): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** Math.max(0, attempt - 1));
  const spread = base * options.jitter;
  const delay = base - spread + 2 * spread * random();
  return Math.max(0, Math.round(Math.min(delay, options.maxDelayMs)));
}
