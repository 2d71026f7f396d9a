/**
 * Property test: random sequences of reports, requests, ticks, command outcomes and operator actions
 * under random policies never break the engine's safety rules. Seeded, so a run is reproducible;
 * set SWITCHYARD_FC_SEED to explore other sequences.
 */
import fc from 'fast-check';
import type {
  CommandStatus,
  ConnectionStatus,
  FailoverSettingsDto,
  HardSignalKind,
  HealthReportDto,
} from '@switchyard/contracts';
import type { ConnectionDecisionState, Decision, DecisionResult } from './decision.types';
import { DEFAULT_ENDPOINT_HEALTH_TTL_MS, DEFAULT_FAILOVER_WINDOW_MS } from './decision.types';
import { Harness } from './decision-engine.test-kit';
import { viewOf } from './endpoint-health';

const ENDPOINT_IDS = ['primary', 'dr-1', 'dr-2'] as const;
const HARD_SIGNALS: HardSignalKind[] = [
  'SOCKET_RESET',
  'CONNECTION_REFUSED',
  'ECHO_TIMEOUT',
  'APP_LINK_DOWN',
  'APP_UNREACHABLE',
];
const MOVES = new Set(['FAILOVER', 'SWITCHOVER', 'FAILBACK']);
const SOFT_TRIGGERS = new Set(['HEALTH_THRESHOLD', 'SCORE_DURATION', 'SIDECAR_REQUEST', 'AUTO_FAILBACK']);

type Step =
  | {
      kind: 'report';
      advance: number;
      status: ConnectionStatus;
      score: number;
      hard: HardSignalKind | null;
      link: 'active' | 'pending-target' | (typeof ENDPOINT_IDS)[number];
      probes: Array<boolean | null>;
      probeAgeMs: number;
      resend: boolean;
    }
  | { kind: 'request'; advance: number; hard: HardSignalKind | null; suggested: string | null }
  | { kind: 'tick'; advance: number }
  | { kind: 'outcome'; advance: number; status: CommandStatus; forPending: boolean }
  | { kind: 'switchover'; advance: number; target: string; force: boolean }
  | { kind: 'failback'; advance: number; force: boolean }
  | { kind: 'maintenance'; advance: number; on: boolean }
  | { kind: 'mode'; advance: number; shadow: boolean };

const advance = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 5_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5_000, max: 120_000 }) },
);
const endpointId = fc.constantFrom<string>(...ENDPOINT_IDS, 'dr-9');
const hardSignal = fc.option(fc.constantFrom(...HARD_SIGNALS), { freq: 4, nil: null });

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      advance,
      status: fc.constantFrom<ConnectionStatus>('CONNECTING', 'ACTIVE', 'DEGRADED', 'FAILED'),
      score: fc.integer({ min: 0, max: 100 }),
      hard: hardSignal,
      link: fc.oneof(
        { weight: 8, arbitrary: fc.constant('active' as const) },
        { weight: 2, arbitrary: fc.constant('pending-target' as const) },
        { weight: 1, arbitrary: fc.constantFrom(...ENDPOINT_IDS) },
      ),
      probes: fc.array(fc.option(fc.boolean(), { freq: 4, nil: null }), { minLength: 3, maxLength: 3 }),
      probeAgeMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000 })),
      resend: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      advance,
      hard: hardSignal,
      suggested: fc.option(endpointId, { nil: null }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('outcome' as const),
      advance,
      status: fc.constantFrom<CommandStatus>('SUCCESS', 'FAILED', 'TIMEOUT', 'REJECTED'),
      forPending: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('switchover' as const),
      advance,
      target: endpointId,
      force: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failback' as const), advance, force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('maintenance' as const), advance, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mode' as const), advance, shadow: fc.boolean() }) },
);

const policy: fc.Arbitrary<Partial<FailoverSettingsDto>> = fc
  .record({
    consecutiveBadReports: fc.integer({ min: 1, max: 5 }),
    scoreThreshold: fc.integer({ min: 0, max: 100 }),
    badForMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000 })),
    holdDownMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 })),
    extraHoldDownMaxMs: fc.integer({ min: 0, max: 600_000 }),
    minDwellMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 })),
    autoFailback: fc.boolean(),
    failbackDwellMs: fc.integer({ min: 0, max: 300_000 }),
    commandDeadlineMs: fc.integer({ min: 1_000, max: 60_000 }),
    mode: fc.constantFrom<'ACTIVE' | 'SHADOW'>('ACTIVE', 'SHADOW'),
  })
  .map(({ extraHoldDownMaxMs, ...p }) => ({ ...p, holdDownMaxMs: p.holdDownMs + extraHoldDownMaxMs }));

function run(
  h: Harness,
  s: Step,
  previous: HealthReportDto | null,
): { result: DecisionResult; report: HealthReportDto | null } {
  h.advance(s.advance);
  switch (s.kind) {
    case 'report': {
      if (s.resend && previous)
        return { result: h.decide({ type: 'HEALTH_REPORT', report: previous }), report: previous };
      const active = h.state.activeEndpointId ?? 'primary';
      const link =
        s.link === 'active'
          ? active
          : s.link === 'pending-target'
            ? (h.state.pending?.targetEndpointId ?? active)
            : s.link;
      const probes: Record<string, boolean> = {};
      ENDPOINT_IDS.forEach((id, i) => {
        const probe = s.probes[i];
        if (probe !== null && probe !== undefined) probes[id] = probe;
      });
      const report = h.buildReport({
        status: s.status,
        score: s.score,
        active: link,
        probes,
        probeAgeMs: s.probeAgeMs,
        ...(s.hard ? { hard: s.hard } : {}),
      });
      return { result: h.decide({ type: 'HEALTH_REPORT', report }), report };
    }
    case 'request':
      return {
        result: h.request({ ...(s.hard ? { hard: s.hard } : {}), ...(s.suggested ? { suggested: s.suggested } : {}) }),
        report: previous,
      };
    case 'tick':
      return { result: h.tick(), report: previous };
    case 'outcome':
      return {
        result: h.outcome(s.status, s.forPending ? h.state.pending?.decisionId : 'not-a-decision'),
        report: previous,
      };
    case 'switchover':
      return { result: h.switchover(s.target, s.force), report: previous };
    case 'failback':
      return { result: h.failback(s.force), report: previous };
    case 'maintenance':
      return { result: h.maintenance(s.on), report: previous };
    case 'mode':
      h.policy = { ...h.policy, mode: s.shadow ? 'SHADOW' : 'ACTIVE' };
      return { result: h.tick(), report: previous };
  }
}

function checkInvariants(
  before: ConnectionDecisionState,
  after: ConnectionDecisionState,
  decisions: Decision[],
  s: Step,
  p: FailoverSettingsDto,
  now: number,
): void {
  const ttl = DEFAULT_ENDPOINT_HEALTH_TTL_MS;
  // The state survives its trip through PostgreSQL jsonb.
  expect(JSON.parse(JSON.stringify(after))).toStrictEqual(after);
  // SWITCHING exactly while a commanded switch is in flight.
  expect(after.pending !== null).toBe(after.phase === 'SWITCHING');
  expect(after.recentFailovers.every((at) => at > now - DEFAULT_FAILOVER_WINDOW_MS && at <= now)).toBe(true);

  const commanding = decisions.filter((d) => d.commandRequired);
  expect(commanding.length).toBeLessThanOrEqual(1);
  if (p.mode === 'SHADOW') {
    expect(commanding).toEqual([]);
    if (before.pending === null) expect(after.pending).toBeNull();
  }

  for (const d of decisions) {
    expect(d.reason.length).toBeGreaterThan(20);
    expect(d.reason).not.toMatch(/undefined|NaN|\[object/);
    expect(d.shadow).toBe(p.mode === 'SHADOW');
    if (d.commandRequired) {
      expect(MOVES.has(d.action)).toBe(true);
      expect(after.pending?.decisionId).toBe(d.decisionId);
      expect(d.deadline).toBe(now + p.commandDeadlineMs);
    }
    if (MOVES.has(d.action)) {
      const to = d.toEndpointId ?? '';
      expect(to).not.toBe(d.fromEndpointId);
      const view = viewOf(after.endpointHealth, to, now, ttl);
      const forced = (s.kind === 'switchover' || s.kind === 'failback') && s.force;
      // Never a move to an endpoint known bad (an operator's force aside); automation only to one known healthy.
      if (!forced) expect(view).not.toBe('BAD');
      if (d.automatic) {
        expect(view).toBe('HEALTHY');
        if (d.trigger !== 'COMMAND_FAILED') {
          // Never two automatic moves closer than the hold-down in force.
          if (before.holdDownUntil !== null) expect(now).toBeGreaterThanOrEqual(before.holdDownUntil);
          if (SOFT_TRIGGERS.has(d.trigger)) expect(now - after.activeSince).toBeGreaterThanOrEqual(p.minDwellMs);
        }
      }
    }
    // Maintenance suspends automation: only operator actions and the record of what the sidecar did.
    if (before.maintenance && after.maintenance) {
      expect(d.trigger === 'MANUAL' || d.action === 'RECONCILED').toBe(true);
    }
    // No alert storm: one MARK_FAILED per outage.
    if (before.openAlert?.key === 'NO_HEALTHY_TARGET' && before.phase === 'FAILED') {
      expect(d.action).not.toBe('MARK_FAILED');
    }
  }
}

describe('FailoverDecisionEngine properties', () => {
  it('random inputs never break the safety rules', () => {
    fc.assert(
      fc.property(
        policy,
        fc.array(step, { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (p, steps, jitter) => {
          const h = new Harness({ policy: p });
          h.randomValue = jitter;
          let previous: HealthReportDto | null = null;
          for (const s of steps) {
            const before = h.state;
            const { result, report } = run(h, s, previous);
            previous = report;
            checkInvariants(before, result.state, result.decisions, s, h.policy, h.clock.t);
          }
        },
      ),
      { seed: Number(process.env['SWITCHYARD_FC_SEED'] ?? 8583), numRuns: 400 },
    );
  });
});
