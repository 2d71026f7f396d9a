import type { HardSignalKind } from '@switchyard/contracts';
import type { Decision } from './decision.types';
import { ENDPOINTS, Harness, T0 } from './decision-engine.test-kit';

/** How the world looks at a moment: per endpoint, is it up? */
type World = (endpointId: string, elapsedMs: number) => boolean;

/**
 * A sidecar that reports every `stepMs` on the link it holds, probes every endpoint, executes a
 * commanded switch within one step (when the target is up), and a controller that ticks each step.
 */
function simulate(
  h: Harness,
  world: World,
  durationMs: number,
  options: { stepMs?: number; hardSignal?: HardSignalKind; answerCommands?: boolean } = {},
): void {
  const stepMs = options.stepMs ?? 2_000;
  const start = h.clock.t;
  while (h.clock.t - start < durationMs) {
    h.advance(stepMs);
    const elapsed = h.clock.t - start;
    const pending = h.state.pending;
    if (pending && options.answerCommands !== false) {
      h.outcome(world(pending.targetEndpointId, elapsed) ? 'SUCCESS' : 'FAILED');
    }
    const active = h.state.activeEndpointId ?? 'primary';
    const up = world(active, elapsed);
    const probes = Object.fromEntries(ENDPOINTS.map((e) => [e.id, world(e.id, elapsed)]));
    h.report({
      active,
      status: up ? 'ACTIVE' : 'FAILED',
      score: up ? 95 : 5,
      probes,
      ...(!up && options.hardSignal ? { hard: options.hardSignal } : {}),
    });
    h.tick();
  }
}

const commanding = (log: Decision[]): Decision[] => log.filter((d) => d.commandRequired);

describe('failover scenarios', () => {
  it('the primary resets: one failover, at once, and quiet afterwards', () => {
    const h = new Harness();
    const world: World = (id, t) => id !== 'primary' || t < 10_000;
    simulate(h, world, 10 * 60_000, { hardSignal: 'SOCKET_RESET' });
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({
      action: 'FAILOVER',
      trigger: 'HARD_SIGNAL',
      toEndpointId: 'dr-1',
      strategy: 'NETWORK_FAILURE',
      graceful: false,
      decidedAt: T0 + 10_000,
    });
    expect(h.state).toMatchObject({ activeEndpointId: 'dr-1', phase: 'STEADY' });
  });

  it('a flapping primary: bounded switches, each hold-down longer than the last', () => {
    const h = new Harness({ policy: { autoFailback: true, failbackDwellMs: 10_000, minDwellMs: 0 } });
    // the primary is down 6 s out of every 40 s, for an hour
    const world: World = (id, t) => id !== 'primary' || t % 40_000 >= 6_000;
    simulate(h, world, 60 * 60_000, { hardSignal: 'SOCKET_RESET' });
    const moves = commanding(h.log);
    // Undamped, this would be 90 failovers and 90 failbacks in the hour.
    expect(moves.length).toBeLessThanOrEqual(16);
    expect(moves.length).toBeGreaterThanOrEqual(4);
    const holds = moves.map((d) => (d.holdDownUntil ?? d.decidedAt) - d.decidedAt);
    expect(holds.slice(0, 5)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...holds)).toBeLessThanOrEqual(600_000);
    for (let i = 1; i < moves.length; i++) {
      const previous = moves[i - 1] as Decision;
      expect((moves[i] as Decision).decidedAt).toBeGreaterThanOrEqual(previous.holdDownUntil ?? 0);
    }
    // One alert per damped episode at most, never one per report.
    expect(h.log.filter((d) => d.action === 'SUPPRESSED').length).toBeLessThanOrEqual(moves.length + 1);
  });

  it('the DR sites are down too: MARK_FAILED once, one alert, no ping-pong', () => {
    const h = new Harness();
    const world: World = (id, t) => id === 'primary' && t < 10_000;
    simulate(h, world, 30 * 60_000);
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatchObject({ action: 'MARK_FAILED', alert: { severity: 'critical' }, commandRequired: false });
    expect(h.state).toMatchObject({ activeEndpointId: 'primary', phase: 'FAILED' });
  });

  it('…and when DR-2 comes back, the link goes there, once', () => {
    const h = new Harness();
    const world: World = (id, t) => (id === 'primary' ? t < 10_000 : id === 'dr-2' && t > 5 * 60_000);
    simulate(h, world, 30 * 60_000);
    expect(h.log.map((d) => [d.action, d.toEndpointId])).toEqual([
      ['MARK_FAILED', null],
      ['FAILOVER', 'dr-2'],
    ]);
    expect(h.state.activeEndpointId).toBe('dr-2');
  });

  it('a slow but healthy host just above the threshold never fails over', () => {
    const h = new Harness();
    let i = 0;
    for (let t = 0; t < 30 * 60_000; t += 2_000) {
      h.advance(2_000).report({ status: 'DEGRADED', score: 50 + (i++ % 6) });
      h.tick();
    }
    expect(h.log).toEqual([]);
    expect(h.state).toMatchObject({ phase: 'STEADY', consecutiveBad: 0, activeEndpointId: 'primary' });
  });

  it('a host dipping under the threshold for single reports never fails over', () => {
    const h = new Harness();
    for (let i = 0; i < 600; i++) {
      h.advance(2_000).report({ status: 'DEGRADED', score: i % 3 === 0 ? 45 : 55 });
      h.tick();
    }
    expect(h.log).toEqual([]);
  });

  it('reordered reports: the late one is dropped and cannot undo newer news', () => {
    const h = new Harness();
    const reports = [1, 2, 3, 4, 5, 6].map((sequence) => {
      h.advance(1000);
      return h.buildReport({ sequence, ...(sequence <= 3 ? { status: 'FAILED' as const, score: 10 } : {}) });
    });
    // delivered 1, 2, 4, 3, 5, 6: the two bad ones are interrupted by the healthy 4, and 3 comes too late
    const dropped = [0, 1, 3, 2, 4, 5].map(
      (i) => h.decide({ type: 'HEALTH_REPORT', report: reports[i] as never }).dropped?.code ?? null,
    );
    expect(dropped).toEqual([null, null, null, 'STALE_REPORT', null, null]);
    expect(h.log).toEqual([]);
    expect(h.state.consecutiveBad).toBe(0);
  });

  it('a command that times out: the next endpoint is tried, and the link lands there', () => {
    const h = new Harness();
    // dr-1 answers probes but the switch to it never completes (no result comes back)
    h.badReports(3);
    expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-1' });
    for (let s = 0; s < 15; s++) h.advance(2_000).tick();
    expect(h.only()).toMatchObject({ action: 'FAILOVER', trigger: 'COMMAND_FAILED', toEndpointId: 'dr-2' });
    h.advance(1000).outcome('SUCCESS');
    expect(h.state).toMatchObject({ activeEndpointId: 'dr-2', phase: 'STEADY' });
    expect(commanding(h.log)).toHaveLength(2);
  });

  it('every command times out: each endpoint is tried once at once, then retries wait for the hold-down', () => {
    const h = new Harness();
    // probes keep calling dr-1 and dr-2 healthy, but no switch ever completes
    const world: World = (id) => id !== 'primary';
    simulate(h, world, 20 * 60_000, { answerCommands: false });
    expect(h.log.slice(0, 4).map((d) => [d.action, d.trigger, d.toEndpointId])).toEqual([
      ['FAILOVER', 'HEALTH_THRESHOLD', 'dr-1'],
      ['FAILOVER', 'COMMAND_FAILED', 'dr-2'],
      ['SUPPRESSED', 'COMMAND_FAILED', null],
      ['FAILOVER', 'HEALTH_THRESHOLD', 'dr-1'],
    ]);
    expect(h.log[2]?.reason).toMatch(/^the failover to dr-2 timed out \(no result within the 30 s deadline\); primary/);
    // after the first round, retries are paced by the growing hold-down
    const auto = commanding(h.log).filter((d) => d.trigger !== 'COMMAND_FAILED');
    for (let i = 1; i < auto.length; i++) {
      expect((auto[i] as Decision).decidedAt).toBeGreaterThanOrEqual((auto[i - 1] as Decision).holdDownUntil ?? 0);
    }
    expect(commanding(h.log).length).toBeLessThanOrEqual(12);
  });

  it('shadow trial of a flapping primary: never a command, a bounded record', () => {
    const h = new Harness({ policy: { mode: 'SHADOW', autoFailback: true, failbackDwellMs: 10_000, minDwellMs: 0 } });
    const world: World = (id, t) => id !== 'primary' || t % 40_000 >= 6_000;
    simulate(h, world, 60 * 60_000, { hardSignal: 'SOCKET_RESET' });
    expect(commanding(h.log)).toEqual([]);
    expect(h.log.every((d) => d.shadow)).toBe(true);
    const recorded = h.log.filter((d) => d.action === 'FAILOVER');
    // damping paces the record as it would have paced commands: a new incident only after each hold-down
    expect(recorded.length).toBeLessThanOrEqual(20);
    for (let i = 1; i < recorded.length; i++) {
      expect((recorded[i] as Decision).decidedAt).toBeGreaterThanOrEqual(
        (recorded[i - 1] as Decision).holdDownUntil ?? 0,
      );
    }
    expect(h.state.activeEndpointId).toBe('primary');
  });

  it('maintenance window: the engine watches, then acts when it ends', () => {
    const h = new Harness();
    h.maintenance(true);
    const world: World = (id) => id !== 'primary';
    simulate(h, world, 5 * 60_000);
    expect(h.log).toEqual([]);
    h.maintenance(false);
    expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-1' });
  });
});
