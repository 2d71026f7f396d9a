/**
 * What the engine knows about each endpoint's health: recording observations (probes, the active
 * link's reports, command outcomes) and answering "known healthy / known bad / unknown" under a TTL.
 */
import { formatDuration } from './decision-reason';
import type { EndpointHealthRecord } from './decision.types';

export type EndpointHealthView = 'HEALTHY' | 'BAD' | 'UNKNOWN';

/**
 * Record one observation. A healthy streak (used by failback dwell) survives only if the previous
 * observation was the same verdict and not older than the TTL: after a gap, nobody knows what
 * happened in between.
 */
export function observeEndpoint(
  health: Record<string, EndpointHealthRecord>,
  endpointId: string,
  healthy: boolean,
  at: number,
  ttlMs: number,
  detail: string,
  source: EndpointHealthRecord['source'],
): void {
  const previous = health[endpointId];
  // An out-of-order observation (older than what we hold) adds nothing; a failed switch outranks
  // anything not strictly newer, such as a probe in the report that revealed the failure.
  if (previous && (at < previous.lastSeenAt || (previous.source === 'command' && at === previous.lastSeenAt))) return;
  const continues = previous !== undefined && previous.healthy === healthy && at - previous.lastSeenAt <= ttlMs;
  health[endpointId] = { healthy, since: continues ? previous.since : at, lastSeenAt: at, detail, source };
}

export function viewOf(
  health: Readonly<Record<string, EndpointHealthRecord>>,
  endpointId: string,
  now: number,
  ttlMs: number,
): EndpointHealthView {
  const record = health[endpointId];
  if (!record || now - record.lastSeenAt > ttlMs) return 'UNKNOWN';
  return record.healthy ? 'HEALTHY' : 'BAD';
}

/** "unreachable at its last probe 4 s ago", "no health information in the last 30 s". */
export function describeHealth(
  health: Readonly<Record<string, EndpointHealthRecord>>,
  endpointId: string,
  now: number,
  ttlMs: number,
): string {
  const record = health[endpointId];
  if (!record) return 'no health information yet';
  const age = formatDuration(now - record.lastSeenAt);
  if (now - record.lastSeenAt > ttlMs)
    return `no health information in the last ${formatDuration(ttlMs)} (last ${age} ago)`;
  return `${record.detail}, ${age} ago`;
}
