import type { EndpointHealthRecord } from './decision.types';
import { describeHealth, observeEndpoint, viewOf } from './endpoint-health';

const TTL = 30_000;

describe('endpoint health', () => {
  it('keeps a healthy streak across observations closer than the TTL', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'dr-1', true, 1_000, TTL, 'reachable', 'probe');
    observeEndpoint(health, 'dr-1', true, 20_000, TTL, 'reachable', 'probe');
    observeEndpoint(health, 'dr-1', true, 45_000, TTL, 'reachable', 'probe');
    expect(health['dr-1']).toEqual({
      healthy: true,
      since: 1_000,
      lastSeenAt: 45_000,
      detail: 'reachable',
      source: 'probe',
    });
  });

  it('restarts the streak after a gap longer than the TTL, or a change of verdict', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'dr-1', true, 1_000, TTL, 'reachable', 'probe');
    observeEndpoint(health, 'dr-1', true, 40_000, TTL, 'reachable', 'probe');
    expect(health['dr-1']?.since).toBe(40_000);
    observeEndpoint(health, 'dr-1', false, 41_000, TTL, 'unreachable', 'probe');
    observeEndpoint(health, 'dr-1', true, 42_000, TTL, 'reachable', 'probe');
    expect(health['dr-1']?.since).toBe(42_000);
  });

  it('ignores an observation older than the one it holds', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'dr-1', false, 10_000, TTL, 'unreachable', 'probe');
    observeEndpoint(health, 'dr-1', true, 9_000, TTL, 'reachable', 'probe');
    expect(health['dr-1']?.healthy).toBe(false);
  });

  it('lets a failed switch outrank a probe that is not strictly newer', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'dr-1', false, 10_000, TTL, 'the failover to it timed out', 'command');
    observeEndpoint(health, 'dr-1', true, 10_000, TTL, 'reachable', 'probe');
    expect(health['dr-1']).toMatchObject({ healthy: false, source: 'command' });
    observeEndpoint(health, 'dr-1', true, 10_001, TTL, 'reachable', 'probe');
    expect(health['dr-1']).toMatchObject({ healthy: true, source: 'probe' });
  });

  it('is HEALTHY / BAD while fresh and UNKNOWN once older than the TTL or never seen', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'a', true, 0, TTL, 'reachable', 'probe');
    observeEndpoint(health, 'b', false, 0, TTL, 'unreachable', 'probe');
    expect(viewOf(health, 'a', TTL, TTL)).toBe('HEALTHY');
    expect(viewOf(health, 'b', TTL, TTL)).toBe('BAD');
    expect(viewOf(health, 'a', TTL + 1, TTL)).toBe('UNKNOWN');
    expect(viewOf(health, 'c', 0, TTL)).toBe('UNKNOWN');
  });

  it('describes what it knows in words', () => {
    const health: Record<string, EndpointHealthRecord> = {};
    observeEndpoint(health, 'a', false, 0, TTL, 'unreachable at its last probe', 'probe');
    expect(describeHealth(health, 'a', 4_000, TTL)).toBe('unreachable at its last probe, 4 s ago');
    expect(describeHealth(health, 'a', 40_000, TTL)).toBe('no health information in the last 30 s (last 40 s ago)');
    expect(describeHealth(health, 'z', 0, TTL)).toBe('no health information yet');
  });
});
