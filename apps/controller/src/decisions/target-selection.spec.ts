import type { ConnectionDecisionState, EndpointHealthRecord } from './decision.types';
import { ENDPOINTS } from './decision-engine.test-kit';
import { byPriority, failbackCandidate, priorityOf, selectTarget, topPriority } from './target-selection';

const TTL = 30_000;
const NOW = 100_000;

function stateWith(
  activeEndpointId: string | null,
  health: Record<string, Partial<EndpointHealthRecord> & { healthy: boolean }>,
): Pick<ConnectionDecisionState, 'endpoints' | 'activeEndpointId' | 'endpointHealth'> {
  const endpointHealth: Record<string, EndpointHealthRecord> = {};
  for (const [id, h] of Object.entries(health)) {
    endpointHealth[id] = {
      since: NOW - 1000,
      lastSeenAt: NOW - 1000,
      detail: h.healthy ? 'reachable' : 'unreachable',
      source: 'probe',
      ...h,
    };
  }
  return { endpoints: ENDPOINTS, activeEndpointId, endpointHealth };
}

describe('selectTarget', () => {
  it('picks the highest-priority endpoint that is not active and known healthy', () => {
    const choice = selectTarget(
      stateWith('primary', { 'dr-1': { healthy: true }, 'dr-2': { healthy: true } }),
      NOW,
      TTL,
    );
    expect(choice.target?.id).toBe('dr-1');
    expect(choice.skipped).toEqual([]);
  });

  it('passes over known-bad and unknown endpoints, saying why', () => {
    const choice = selectTarget(
      stateWith('primary', { 'dr-1': { healthy: false }, 'dr-2': { healthy: true } }),
      NOW,
      TTL,
    );
    expect(choice.target?.id).toBe('dr-2');
    expect(choice.skipped).toEqual([{ endpointId: 'dr-1', why: 'unreachable, 1 s ago' }]);
    expect(selectTarget(stateWith('primary', { 'dr-2': { healthy: true } }), NOW, TTL).skipped[0]?.why).toBe(
      'no health information yet',
    );
  });

  it('treats a healthy probe older than the TTL as unknown', () => {
    const choice = selectTarget(
      stateWith('primary', { 'dr-1': { healthy: true, lastSeenAt: NOW - TTL - 1 } }),
      NOW,
      TTL,
    );
    expect(choice.target).toBeNull();
  });

  it('never returns the active endpoint, and returns null when nothing is known healthy', () => {
    expect(selectTarget(stateWith('dr-1', { 'dr-1': { healthy: true } }), NOW, TTL).target).toBeNull();
    expect(selectTarget(stateWith('dr-1', { primary: { healthy: true } }), NOW, TTL).target?.id).toBe('primary');
  });

  it("honours a sidecar's suggestion only when it is known healthy", () => {
    const healthy = stateWith('primary', { 'dr-1': { healthy: true }, 'dr-2': { healthy: true } });
    expect(selectTarget(healthy, NOW, TTL, 'dr-2')).toMatchObject({
      target: { id: 'dr-2' },
      suggestionNote: 'as suggested by the sidecar',
    });
    const dr2Bad = stateWith('primary', { 'dr-1': { healthy: true }, 'dr-2': { healthy: false } });
    const choice = selectTarget(dr2Bad, NOW, TTL, 'dr-2');
    expect(choice.target?.id).toBe('dr-1');
    expect(choice.suggestionNote).toContain('not known healthy');
    expect(selectTarget(healthy, NOW, TTL, 'dr-9').suggestionNote).toContain('not a registered endpoint');
    expect(selectTarget(healthy, NOW, TTL, 'primary').suggestionNote).toContain('the active endpoint');
  });
});

describe('failbackCandidate', () => {
  it('returns the highest-priority endpoint above the active one healthy for the dwell', () => {
    const state = stateWith('dr-2', {
      primary: { healthy: true, since: NOW - 300_000 },
      'dr-1': { healthy: true, since: NOW - 400_000 },
    });
    expect(failbackCandidate(state, NOW, TTL, 300_000)?.id).toBe('primary');
  });

  it('moves one step up when only a middle endpoint has dwelled', () => {
    const state = stateWith('dr-2', {
      primary: { healthy: true, since: NOW - 10_000 },
      'dr-1': { healthy: true, since: NOW - 400_000 },
    });
    expect(failbackCandidate(state, NOW, TTL, 300_000)?.id).toBe('dr-1');
  });

  it('returns null when already on the top endpoint, or nothing has dwelled, or a probe is stale', () => {
    expect(failbackCandidate(stateWith('primary', { 'dr-1': { healthy: true, since: 0 } }), NOW, TTL, 0)).toBeNull();
    expect(
      failbackCandidate(stateWith('dr-1', { primary: { healthy: true, since: NOW - 1000 } }), NOW, TTL, 300_000),
    ).toBeNull();
    expect(
      failbackCandidate(
        stateWith('dr-1', { primary: { healthy: true, since: 0, lastSeenAt: NOW - TTL - 1 } }),
        NOW,
        TTL,
        0,
      ),
    ).toBeNull();
  });

  it('considers every registered endpoint when the link is on an unregistered one', () => {
    expect(failbackCandidate(stateWith('elsewhere', { 'dr-1': { healthy: true, since: 0 } }), NOW, TTL, 0)?.id).toBe(
      'dr-1',
    );
  });
});

describe('priority helpers', () => {
  it('orders by priority then id, and ranks unknown endpoints last', () => {
    const shuffled = [ENDPOINTS[2], ENDPOINTS[0], ENDPOINTS[1]].filter((e) => e !== undefined);
    expect(byPriority(shuffled).map((e) => e.id)).toEqual(['primary', 'dr-1', 'dr-2']);
    expect(topPriority(shuffled)?.id).toBe('primary');
    expect(topPriority([])).toBeNull();
    expect(priorityOf(ENDPOINTS, 'nope')).toBe(Number.POSITIVE_INFINITY);
  });
});
