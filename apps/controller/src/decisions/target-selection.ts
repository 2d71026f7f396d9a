/**
 * Where a link may go: priority-ordered selection among endpoints known healthy (never one known bad
 * or unknown), and the failback candidate (a higher-priority endpoint healthy for the dwell time).
 */
import type { ConnectionDecisionState, DecisionEndpoint } from './decision.types';
import { describeHealth, viewOf } from './endpoint-health';

export interface SkippedEndpoint {
  endpointId: string;
  why: string;
}

export interface TargetChoice {
  target: DecisionEndpoint | null;
  /** Higher-priority endpoints passed over, and why (for the reason). */
  skipped: SkippedEndpoint[];
  /** Words on a sidecar's suggestion, when there was one. */
  suggestionNote: string | null;
}

/**
 * First endpoint by priority that is not active, not excluded, and known healthy. A sidecar's
 * suggestion wins over priority only when it is itself known healthy: the sidecar may know the
 * better DR, but never gets to send the link somewhere unknown.
 */
export function selectTarget(
  state: Pick<ConnectionDecisionState, 'endpoints' | 'activeEndpointId' | 'endpointHealth'>,
  now: number,
  ttlMs: number,
  suggestedEndpointId: string | null = null,
): TargetChoice {
  const candidates = byPriority(state.endpoints).filter((e) => e.id !== state.activeEndpointId);
  const skipped: SkippedEndpoint[] = [];
  let suggestionNote: string | null = null;

  if (suggestedEndpointId !== null) {
    const suggested = candidates.find((e) => e.id === suggestedEndpointId);
    if (!suggested) {
      suggestionNote = `the sidecar suggested ${suggestedEndpointId}, which is ${
        suggestedEndpointId === state.activeEndpointId ? 'the active endpoint' : 'not a registered endpoint'
      }`;
    } else if (viewOf(state.endpointHealth, suggested.id, now, ttlMs) === 'HEALTHY') {
      return { target: suggested, skipped, suggestionNote: `as suggested by the sidecar` };
    } else {
      suggestionNote = `the sidecar suggested ${suggested.id}, but it is not known healthy (${describeHealth(
        state.endpointHealth,
        suggested.id,
        now,
        ttlMs,
      )})`;
    }
  }

  for (const endpoint of candidates) {
    if (viewOf(state.endpointHealth, endpoint.id, now, ttlMs) === 'HEALTHY') {
      return { target: endpoint, skipped, suggestionNote };
    }
    skipped.push({ endpointId: endpoint.id, why: describeHealth(state.endpointHealth, endpoint.id, now, ttlMs) });
  }
  return { target: null, skipped, suggestionNote };
}

/**
 * The highest-priority endpoint above the active one that has been healthy, without a gap, for at
 * least `dwellMs`. Null when there is none (or the active endpoint is already the top one).
 */
export function failbackCandidate(
  state: Pick<ConnectionDecisionState, 'endpoints' | 'activeEndpointId' | 'endpointHealth'>,
  now: number,
  ttlMs: number,
  dwellMs: number,
): DecisionEndpoint | null {
  const activePriority = priorityOf(state.endpoints, state.activeEndpointId);
  for (const endpoint of byPriority(state.endpoints)) {
    if (endpoint.priority >= activePriority || endpoint.id === state.activeEndpointId) break;
    const record = state.endpointHealth[endpoint.id];
    if (
      viewOf(state.endpointHealth, endpoint.id, now, ttlMs) === 'HEALTHY' &&
      record &&
      now - record.since >= dwellMs
    ) {
      return endpoint;
    }
  }
  return null;
}

/** The top-priority endpoint (the primary, normally). */
export function topPriority(endpoints: readonly DecisionEndpoint[]): DecisionEndpoint | null {
  return byPriority(endpoints)[0] ?? null;
}

/** Priority of an endpoint; an unregistered or absent one ranks below every registered endpoint. */
export function priorityOf(endpoints: readonly DecisionEndpoint[], id: string | null): number {
  return endpoints.find((e) => e.id === id)?.priority ?? Number.POSITIVE_INFINITY;
}

export function byPriority(endpoints: readonly DecisionEndpoint[]): DecisionEndpoint[] {
  return [...endpoints].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
