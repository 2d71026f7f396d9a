export const RELAY_SETTINGS = Symbol('RELAY_SETTINGS');

/** Tuning of the outbox relay and the deadline sweep (defaults suit a failover: seconds matter). */
export interface RelaySettings {
  /** Backstop poll when no notification arrives (default 1000 ms). */
  pollMs: number;
  /** Rows claimed per batch (default 100). */
  batchSize: number;
  /** Batches per run before yielding to the next tick (default 10). */
  maxBatchesPerRun: number;
  /** First re-send after this long; doubles per attempt… (default 1000 ms) */
  backoffBaseMs: number;
  /** …up to this cap (default 8000 ms). */
  backoffMaxMs: number;
  /** A path that has not accepted a batch by then counts as failed for it (default 5000 ms). */
  pathTimeoutMs: number;
  /** How often the leader closes commands past their deadline (default 1000 ms). */
  deadlineSweepMs: number;
}

export const DEFAULT_RELAY_SETTINGS: RelaySettings = {
  pollMs: 1_000,
  batchSize: 100,
  maxBatchesPerRun: 10,
  backoffBaseMs: 1_000,
  backoffMaxMs: 8_000,
  pathTimeoutMs: 5_000,
  deadlineSweepMs: 1_000,
};

/** Delay before the re-send that follows attempt number `attempt` (1-based): base·2^(n-1), capped. */
export function nextAttemptDelayMs(attempt: number, s: Pick<RelaySettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** Math.min(n - 1, 30));
}
