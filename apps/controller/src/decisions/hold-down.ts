/**
 * Flap damping: how long automatic switching is held down after an automatic switch. Owns the
 * growth rule (doubling per repeated switch inside the window), the cap, and the jitter.
 */
import type { FailoverSettingsDto } from '@switchyard/contracts';
import { HOLD_DOWN_JITTER_RATIO } from './decision.types';

export interface HoldDown {
  /** Total hold-down, jitter included, never above holdDownMaxMs. */
  durationMs: number;
  /** The deterministic part: min(holdDownMaxMs, holdDownMs × 2^(k−1)). */
  baseMs: number;
  jitterMs: number;
  /** Automatic switches in the window, this one included. */
  switchesInWindow: number;
}

/**
 * Hold-down after the k-th automatic switch inside the window: min(cap, base × 2^(k−1)), plus up to
 * +20 % jitter so that many connections hit by the same outage do not all come off hold-down in the
 * same second, clamped to the cap again: an operator reads holdDownMaxMs as a maximum.
 */
export function holdDownFor(
  switchesInWindow: number,
  policy: Pick<FailoverSettingsDto, 'holdDownMs' | 'holdDownMaxMs'>,
  random: () => number,
): HoldDown {
  const k = Math.max(1, Math.floor(switchesInWindow));
  const cap = Math.max(policy.holdDownMs, policy.holdDownMaxMs);
  // 2^30 × a day overflows nothing in float, but keep the exponent small and the number exact.
  const baseMs = Math.min(cap, policy.holdDownMs * 2 ** Math.min(k - 1, 30));
  const r = clampUnit(random());
  const jitterMs = Math.min(cap - baseMs, Math.floor(baseMs * HOLD_DOWN_JITTER_RATIO * r));
  return { durationMs: baseMs + jitterMs, baseMs, jitterMs, switchesInWindow: k };
}

/** Switch times still inside the window ending at `now`. */
export function switchesInWindow(recent: readonly number[], now: number, windowMs: number): number[] {
  return recent.filter((at) => at > now - windowMs && at <= now);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 0.999999 : value;
}
