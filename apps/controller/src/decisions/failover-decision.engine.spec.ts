import { CONNECTION_ID, ENDPOINTS, Harness, SIDECAR_ID, T0, uuidFor } from './decision-engine.test-kit';
import { FailoverDecisionEngine, initialDecisionState } from './failover-decision.engine';

describe('FailoverDecisionEngine', () => {
  describe('initial state and purity', () => {
    it('starts steady on the given endpoint, endpoints sorted by priority, epoch as given', () => {
      const reversed = [...ENDPOINTS].reverse();
      const state = initialDecisionState(CONNECTION_ID, reversed, 'primary', T0, 7);
      expect(state).toMatchObject({
        connectionId: CONNECTION_ID,
        activeEndpointId: 'primary',
        epoch: 7,
        phase: 'STEADY',
        maintenance: false,
        consecutiveBad: 0,
        activeSince: T0,
        pending: null,
      });
      expect(state.endpoints.map((e) => e.id)).toEqual(['primary', 'dr-1', 'dr-2']);
    });

    it('never mutates the state it is given (the harness freezes it) and round-trips through JSON', () => {
      const h = new Harness();
      h.badReports(3);
      const before = JSON.stringify(h.state);
      const result = h.engine.decide(h.state, { type: 'TICK' }, h.policy);
      expect(JSON.stringify(h.state)).toBe(before);
      expect(JSON.parse(JSON.stringify(result.state))).toStrictEqual(result.state);
    });

    it('uses crypto UUIDs for decision ids by default', () => {
      const engine = new FailoverDecisionEngine({ now: () => T0, random: () => 0 });
      const result = engine.decide(
        initialDecisionState(CONNECTION_ID, ENDPOINTS, 'primary', T0 - 3_600_000),
        { type: 'MANUAL_SWITCHOVER', targetEndpointId: 'dr-1', operator: 'ops', reason: 'test' },
        new Harness().policy,
      );
      expect(result.decisions[0]?.decisionId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('emits nothing on healthy reports', () => {
      const h = new Harness();
      for (let i = 0; i < 20; i++) h.advance(5_000).healthy();
      expect(h.log).toEqual([]);
      expect(h.state.phase).toBe('STEADY');
    });
  });

  describe('report ordering', () => {
    it('drops a duplicate report', () => {
      const h = new Harness();
      const report = h.buildReport({ status: 'FAILED' });
      h.decide({ type: 'HEALTH_REPORT', report });
      const again = h.decide({ type: 'HEALTH_REPORT', report });
      expect(again.dropped?.code).toBe('STALE_REPORT');
      expect(h.state.consecutiveBad).toBe(1);
    });

    it('drops a report that arrives after a newer one (reordered)', () => {
      const h = new Harness();
      const older = h.buildReport({ status: 'FAILED', sequence: 4 });
      h.advance(1000);
      h.healthy({ sequence: 5 });
      const late = h.decide({ type: 'HEALTH_REPORT', report: older });
      expect(late.dropped?.message).toContain('report 4');
      expect(h.state.consecutiveBad).toBe(0);
      expect(h.state.lastReportSequence).toBe(5);
    });

    it('accepts a lower sequence that is newer by the sidecar clock: the sidecar restarted', () => {
      const h = new Harness();
      h.healthy({ sequence: 500 });
      h.advance(20_000);
      const restarted = h.bad({ sequence: 0 });
      expect(restarted.dropped).toBeNull();
      expect(h.state).toMatchObject({ lastReportSequence: 0, consecutiveBad: 1 });
    });

    it('drops a report for another connection', () => {
      const h = new Harness();
      expect(h.bad({ connectionId: 'other-conn' }).dropped?.code).toBe('CONNECTION_MISMATCH');
      expect(h.state.consecutiveBad).toBe(0);
    });
  });

  describe('hysteresis: N consecutive bad reports', () => {
    it('does nothing before the N-th bad report and fails over on it', () => {
      const h = new Harness();
      const [first, second, third] = h.badReports(3);
      expect(first?.decisions).toEqual([]);
      expect(second?.decisions).toEqual([]);
      expect(h.state.phase).toBe('SWITCHING');
      const decision = h.only(third);
      expect(decision).toMatchObject({
        action: 'FAILOVER',
        trigger: 'HEALTH_THRESHOLD',
        fromEndpointId: 'primary',
        toEndpointId: 'dr-1',
        commandRequired: true,
        shadow: false,
        strategy: 'NETWORK_FAILURE',
        graceful: false,
        deadline: h.clock.t + 30_000,
        automatic: true,
        epoch: 0,
      });
      expect(decision.reason).toBe(
        'primary (10.0.0.5:8583) failed 3 consecutive health reports (last: status FAILED, score 10, threshold 50; limit 3); ' +
          'failing over to dr-1 (10.1.0.5:8583), the highest-priority endpoint known healthy. ' +
          'Flap damping: 1st automatic switch in 15 min, so automatic switching is held down for 30 s (30 s) until 00:00:32Z.',
      );
    });

    it('a healthy report in between resets the count', () => {
      const h = new Harness();
      h.badReports(2);
      h.advance(1000).healthy();
      h.badReports(2);
      expect(h.log).toEqual([]);
      expect(h.state).toMatchObject({ consecutiveBad: 2, phase: 'SUSPECT' });
    });

    it('a degraded link drains gracefully', () => {
      const h = new Harness();
      for (let i = 0; i < 3; i++) h.advance(1000).report({ status: 'DEGRADED', score: 30 });
      expect(h.only()).toMatchObject({ action: 'FAILOVER', graceful: true, strategy: 'NETWORK_FAILURE' });
    });

    it('the application layer down with the network up calls for the application-failure strategy', () => {
      const h = new Harness();
      for (let i = 0; i < 3; i++) h.advance(1000).report({ status: 'DEGRADED', score: 30, applicationDown: true });
      expect(h.only().strategy).toBe('APPLICATION_FAILURE');
    });
  });

  describe('what a bad report is', () => {
    it.each([
      ['FAILED with a good score', { status: 'FAILED', score: 90 }, 1],
      ['DEGRADED under the threshold', { status: 'DEGRADED', score: 49 }, 1],
      ['ACTIVE under the threshold', { status: 'ACTIVE', score: 30 }, 1],
      ['DEGRADED at the threshold', { status: 'DEGRADED', score: 50 }, 0],
      ['DEGRADED just above the threshold', { status: 'DEGRADED', score: 51 }, 0],
      ['CONNECTING with a good score', { status: 'CONNECTING', score: 80 }, 0],
      ['a hard signal with a good score', { status: 'ACTIVE', score: 90, hard: 'ECHO_TIMEOUT' }, 1],
    ] as const)('%s counts %i', (_name, report, count) => {
      const h = new Harness({ policy: { minDwellMs: 0, holdDownMs: 0, holdDownMaxMs: 0 } });
      h.report({ ...report });
      expect(h.state.consecutiveBad).toBe(count);
    });
  });

  describe('hysteresis: bad for a duration', () => {
    it('fails over when bad continuously for badForMs, checked on reports', () => {
      const h = new Harness({ policy: { consecutiveBadReports: 100, badForMs: 15_000 } });
      h.report({ status: 'DEGRADED', score: 40 });
      h.advance(10_000).report({ status: 'DEGRADED', score: 40 });
      expect(h.log).toEqual([]);
      h.advance(5_000).report({ status: 'DEGRADED', score: 40 });
      const decision = h.only();
      expect(decision).toMatchObject({ action: 'FAILOVER', trigger: 'SCORE_DURATION', toEndpointId: 'dr-1' });
      expect(decision.reason).toContain(
        'has been unhealthy for 15 s since 00:00:00Z (last: status DEGRADED, score 40, threshold 50; limit 15 s)',
      );
    });

    it('fails over on a TICK once the duration passes between reports', () => {
      const h = new Harness({ policy: { consecutiveBadReports: 100, badForMs: 15_000 } });
      h.report({ status: 'DEGRADED', score: 40 });
      h.advance(14_999).tick();
      expect(h.log).toEqual([]);
      h.advance(1).tick();
      expect(h.only()).toMatchObject({ action: 'FAILOVER', trigger: 'SCORE_DURATION' });
    });

    it('badForMs 0 turns the duration rule off', () => {
      const h = new Harness({ policy: { consecutiveBadReports: 100, badForMs: 0 } });
      h.report({ status: 'DEGRADED', score: 40 });
      h.advance(20_000).tick();
      h.advance(5_000).report({ status: 'DEGRADED', score: 40 });
      expect(h.log).toEqual([]);
    });

    it('does not act on stale evidence: a sidecar silent for longer than the TTL', () => {
      const h = new Harness({ policy: { consecutiveBadReports: 100, badForMs: 40_000 } });
      h.report({ status: 'DEGRADED', score: 40 });
      h.advance(45_000).tick();
      expect(h.log).toEqual([]);
      expect(h.state.phase).toBe('SUSPECT');
    });
  });

  describe('hard signals', () => {
    it.each([
      ['SOCKET_RESET', 'NETWORK_FAILURE'],
      ['CONNECTION_REFUSED', 'NETWORK_FAILURE'],
      ['ECHO_TIMEOUT', 'NETWORK_FAILURE'],
      ['APP_LINK_DOWN', 'APPLICATION_FAILURE'],
      ['APP_UNREACHABLE', 'APPLICATION_FAILURE'],
    ] as const)('%s fails over at once with the %s strategy, not gracefully', (kind, strategy) => {
      const h = new Harness();
      h.report({ hard: kind });
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'FAILOVER',
        trigger: 'HARD_SIGNAL',
        strategy,
        graceful: false,
        toEndpointId: 'dr-1',
      });
      expect(decision.reason).toContain(`primary (10.0.0.5:8583) reported ${kind} (`);
      expect(decision.reason).toContain(
        'acting at once (hard signals skip the 3-report hysteresis and the minimum dwell)',
      );
    });

    it('bypasses the minimum dwell', () => {
      const h = new Harness({ policy: { holdDownMs: 0, holdDownMaxMs: 0 } });
      h.failOverToDr();
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      expect(h.only()).toMatchObject({ action: 'FAILOVER', fromEndpointId: 'dr-1', toEndpointId: 'primary' });
    });

    it('is cleared by a healthy report; the hold-down alert closes when the hold-down lifts', () => {
      const h = new Harness({ policy: { holdDownMs: 60_000, holdDownMaxMs: 60_000, minDwellMs: 0 } });
      h.failOverToDr();
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      expect(h.only()).toMatchObject({ action: 'SUPPRESSED', alert: { severity: 'critical' } });
      h.advance(1000).healthy();
      expect(h.state.lastHardSignal).toBeNull();
      expect(h.last?.decisions).toEqual([]);
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      h.advance(1000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER', 'SUPPRESSED']);
      h.advance(57_000).healthy();
      expect(h.only()).toMatchObject({ action: 'RECOVERED', alert: null });
      expect(h.only().reason).toContain('clearing the critical alert raised at 00:00:03Z');
    });
  });

  describe('minimum dwell', () => {
    it('holds a soft-triggered move until the active endpoint has dwelled, alerting once', () => {
      const h = new Harness({ policy: { holdDownMs: 0, holdDownMaxMs: 0, minDwellMs: 60_000 } });
      h.failOverToDr();
      const results = h.badReports(5, { active: 'dr-1' });
      const suppressed = results.flatMap((r) => r.decisions);
      expect(suppressed).toHaveLength(1);
      expect(suppressed[0]).toMatchObject({
        action: 'SUPPRESSED',
        trigger: 'HEALTH_THRESHOLD',
        commandRequired: false,
        alert: { severity: 'warning' },
      });
      expect(suppressed[0]?.reason).toContain(
        'has been active only 2 s (minimum dwell 1 min). Not moving for another 58 s',
      );
      h.advance(56_000).bad();
      expect(h.only()).toMatchObject({ action: 'FAILOVER', fromEndpointId: 'dr-1', toEndpointId: 'primary' });
    });

    it('also acts on a TICK once the dwell has passed', () => {
      const h = new Harness({ policy: { holdDownMs: 0, holdDownMaxMs: 0, minDwellMs: 20_000 } });
      h.failOverToDr();
      h.badReports(3);
      expect(h.log.at(-1)?.action).toBe('SUPPRESSED');
      h.advance(17_999).tick();
      expect(h.last?.decisions).toEqual([]);
      h.advance(1).tick();
      expect(h.only().action).toBe('FAILOVER');
    });
  });

  describe('flap damping (hold-down)', () => {
    it('holds down automatic moves after a failover, alerting once, and acts on expiry if still bad', () => {
      const h = new Harness({ policy: { minDwellMs: 0, holdDownMs: 30_000 } });
      const first = h.failOverToDr();
      expect(first.holdDownUntil).toBe(first.decidedAt + 30_000);
      const results = h.badReports(6, {}, 2_000);
      const decisions = results.flatMap((r) => r.decisions);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ action: 'SUPPRESSED', alert: { severity: 'warning' }, toEndpointId: null });
      expect(decisions[0]?.reason).toContain(
        'automatic failover is held down until 00:00:32Z (26 s more) after 1 automatic switch in the last 15 min',
      );
      expect(decisions[0]?.reason).toContain('Would fail over to primary');
      h.advance(19_999).tick();
      expect(h.last?.decisions).toEqual([]);
      h.advance(1).tick();
      expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'primary', trigger: 'HEALTH_THRESHOLD' });
    });

    it('suppresses hard signals too, with a critical alert, escalating once from a warning', () => {
      const h = new Harness({ policy: { minDwellMs: 0 } });
      h.failOverToDr();
      h.badReports(3);
      expect(h.log.at(-1)).toMatchObject({ action: 'SUPPRESSED', alert: { severity: 'warning' } });
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      expect(h.only()).toMatchObject({ action: 'SUPPRESSED', trigger: 'HARD_SIGNAL', alert: { severity: 'critical' } });
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      h.advance(1000).bad();
      expect(h.log.filter((d) => d.action === 'SUPPRESSED')).toHaveLength(2);
    });

    it('grows with repeated failovers in the window, up to the cap', () => {
      const h = new Harness({ policy: { minDwellMs: 0, holdDownMs: 10_000, holdDownMaxMs: 35_000 } });
      const holds: number[] = [];
      for (let i = 0; i < 4; i++) {
        const failover = h.log.length;
        // bad until a failover is decided, then confirm it
        for (let tries = 0; tries < 100 && !h.log.slice(failover).some((d) => d.action === 'FAILOVER'); tries++) {
          h.advance(1000).bad();
        }
        const decision = h.log.slice(failover).find((d) => d.action === 'FAILOVER');
        if (!decision?.holdDownUntil) throw new Error('expected a failover with a hold-down');
        holds.push(decision.holdDownUntil - decision.decidedAt);
        h.outcome('SUCCESS');
      }
      expect(holds).toEqual([10_000, 20_000, 35_000, 35_000]);
    });

    it('forgets failovers outside the window', () => {
      const h = new Harness({ policy: { minDwellMs: 0 }, windowMs: 60_000 });
      h.failOverToDr();
      h.advance(61_000).healthy();
      expect(h.state.recentFailovers).toEqual([]);
      h.badReports(3);
      expect(h.log.at(-1)).toMatchObject({ action: 'FAILOVER', holdDownUntil: h.clock.t + 30_000 });
    });

    it('adds jitter from the injected random source', () => {
      const h = new Harness();
      h.randomValue = 0.5;
      h.badReports(3);
      expect(h.only().holdDownUntil).toBe(h.clock.t + 33_000);
      expect(h.only().reason).toContain('held down for 33 s (30 s + 3 s jitter)');
    });

    it('holdDownMs 0 turns damping off', () => {
      const h = new Harness({ policy: { minDwellMs: 0, holdDownMs: 0, holdDownMaxMs: 0 } });
      h.failOverToDr();
      h.badReports(3);
      expect(h.log.at(-1)).toMatchObject({ action: 'FAILOVER', holdDownUntil: null });
      expect(h.log.at(-1)?.reason).toContain('No hold-down (holdDownMs is 0).');
    });
  });

  describe('target selection', () => {
    it('passes over a known-bad DR and names it in the reason', () => {
      const h = new Harness();
      h.badReports(3, { probes: { primary: true, 'dr-1': false, 'dr-2': true } });
      const decision = h.only();
      expect(decision.toEndpointId).toBe('dr-2');
      expect(decision.reason).toContain('passed over: dr-1, unreachable at its last probe, 0 ms ago');
    });

    it('never picks an endpoint with no fresh probe', () => {
      const h = new Harness();
      h.badReports(3, { probes: { 'dr-1': true }, probeAgeMs: 31_000 });
      expect(h.only().action).toBe('MARK_FAILED');
    });

    it('ages probes by the sidecar clock, immune to clock skew between sidecar and controller', () => {
      const h = new Harness();
      // the sidecar's clock is an hour behind, its probe 5 s old: still fresh
      h.badReports(3, { probes: { 'dr-1': true }, reportedAt: T0 - 3_600_000, probeAgeMs: 5_000 });
      expect(h.only().toEndpointId).toBe('dr-1');
      expect(h.state.endpointHealth['dr-1']?.lastSeenAt).toBe(h.clock.t - 5_000);
    });

    it('ignores probes of endpoints the registry does not list', () => {
      const h = new Harness();
      h.healthy({ probes: { 'dr-9': true } });
      expect(h.state.endpointHealth['dr-9']).toBeUndefined();
    });
  });

  describe('no healthy target', () => {
    it('marks the connection FAILED once with a critical alert, stays, and never ping-pongs', () => {
      const h = new Harness();
      const down = { probes: { primary: true, 'dr-1': false, 'dr-2': false } };
      h.badReports(10, down);
      for (let i = 0; i < 10; i++) h.advance(1000).tick();
      expect(h.log).toHaveLength(1);
      const decision = h.log[0];
      expect(decision).toMatchObject({
        action: 'MARK_FAILED',
        commandRequired: false,
        toEndpointId: null,
        alert: { severity: 'critical' },
      });
      expect(decision?.reason).toContain(
        'no other endpoint is known healthy (dr-1: unreachable at its last probe, 0 ms ago; dr-2: unreachable at its last probe, 0 ms ago)',
      );
      expect(h.state).toMatchObject({ phase: 'FAILED', activeEndpointId: 'primary', pending: null });
    });

    it('fails over as soon as an endpoint is reported healthy', () => {
      const h = new Harness();
      h.badReports(3, { probes: { 'dr-1': false, 'dr-2': false } });
      h.advance(1000).bad({ probes: { 'dr-1': false, 'dr-2': true } });
      expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-2' });
      expect(h.state.openAlert).toBeNull();
    });

    it('records the recovery when the active endpoint comes back, and can alert again later', () => {
      const h = new Harness();
      h.badReports(3, { probes: { 'dr-1': false, 'dr-2': false } });
      h.advance(1000).healthy({ probes: { 'dr-1': false, 'dr-2': false } });
      expect(h.only()).toMatchObject({ action: 'RECOVERED', alert: null });
      expect(h.only().reason).toContain('clearing the critical alert raised at 00:00:02Z');
      expect(h.state.phase).toBe('STEADY');
      h.badReports(3, { probes: { 'dr-1': false, 'dr-2': false } });
      expect(h.log.map((d) => d.action)).toEqual(['MARK_FAILED', 'RECOVERED', 'MARK_FAILED']);
    });

    it('a connection with a single endpoint can only be marked failed', () => {
      const h = new Harness({ endpoints: [ENDPOINTS[0]].filter((e) => e !== undefined) });
      h.badReports(3);
      expect(h.only().reason).toContain('there is no other endpoint');
    });
  });

  describe('a commanded switch in flight', () => {
    it('blocks further automatic decisions until its outcome', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      h.advance(1000).tick();
      expect(h.log).toHaveLength(1);
      expect(h.state.phase).toBe('SWITCHING');
    });

    it('SUCCESS moves the link, restarts the dwell and clears the counters', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(2000).outcome('SUCCESS');
      expect(h.last?.decisions).toEqual([]);
      expect(h.state).toMatchObject({
        activeEndpointId: 'dr-1',
        activeSince: h.clock.t,
        consecutiveBad: 0,
        badSince: null,
        phase: 'STEADY',
        pending: null,
      });
      expect(h.state.endpointHealth['dr-1']).toMatchObject({ healthy: true, lastSeenAt: h.clock.t });
    });

    it('FAILED marks the target bad and goes on to the next healthy endpoint at once, hold-down notwithstanding', () => {
      const h = new Harness();
      h.badReports(3);
      const result = h.advance(2000).outcome('FAILED', undefined, 'post-failover echo got no 0810');
      const decision = h.only(result);
      expect(decision).toMatchObject({
        action: 'FAILOVER',
        trigger: 'COMMAND_FAILED',
        fromEndpointId: 'primary',
        toEndpointId: 'dr-2',
      });
      expect(decision.reason).toMatch(/^the failover to dr-1 failed \(post-failover echo got no 0810\); primary/);
      expect(h.state.endpointHealth['dr-1']).toMatchObject({ healthy: false });
    });

    it('FAILED with nowhere left to go marks the connection FAILED', () => {
      const h = new Harness();
      h.badReports(3, { probes: { 'dr-1': true, 'dr-2': false } });
      h.advance(1000).outcome('FAILED');
      expect(h.only()).toMatchObject({ action: 'MARK_FAILED', trigger: 'COMMAND_FAILED' });
    });

    it('FAILED while the active link has recovered just clears the switch', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(500).healthy();
      h.advance(500).outcome('FAILED');
      expect(h.last?.decisions).toEqual([]);
      expect(h.state).toMatchObject({ activeEndpointId: 'primary', phase: 'STEADY', pending: null });
    });

    it('a deadline passing on a TICK counts as TIMED OUT and the next target is tried', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(29_999).tick();
      expect(h.last?.decisions).toEqual([]);
      h.advance(1).tick();
      const decision = h.only();
      expect(decision).toMatchObject({ action: 'FAILOVER', trigger: 'COMMAND_FAILED', toEndpointId: 'dr-2' });
      expect(decision.reason).toContain('the failover to dr-1 timed out (no result within the 30 s deadline)');
    });

    it('a deadline that passed is noticed on any input, before that input is handled', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(25_000).bad();
      h.advance(6_000).bad();
      expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-2', trigger: 'COMMAND_FAILED' });
    });

    it('an outcome arriving after the deadline but before any TICK is honoured', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(31_000).outcome('SUCCESS');
      expect(h.state.activeEndpointId).toBe('dr-1');
    });

    it('REJECTED marks nothing and retries only under the hold-down it set', () => {
      const h = new Harness({ policy: { minDwellMs: 0 } });
      h.badReports(3);
      const suppressed = h.only(h.advance(1000).outcome('REJECTED', undefined, 'STALE_EPOCH'));
      expect(suppressed).toMatchObject({ action: 'SUPPRESSED', trigger: 'HEALTH_THRESHOLD' });
      expect(suppressed.reason).toMatch(/^the failover to dr-1 was rejected by the sidecar \(STALE_EPOCH\); primary/);
      expect(h.state.endpointHealth['dr-1']?.healthy).toBe(true);
      h.advance(1000).bad();
      expect(h.last?.decisions).toEqual([]);
      h.advance(28_000).bad();
      expect(h.only()).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-1' });
    });

    it('drops outcomes for decisions not in flight', () => {
      const h = new Harness();
      h.badReports(3);
      const result = h.outcome('SUCCESS', uuidFor(99));
      expect(result.dropped?.code).toBe('UNKNOWN_DECISION');
      expect(h.state.pending).not.toBeNull();
    });

    it('a report from the target means the switch happened, even before its result arrives', () => {
      const h = new Harness();
      h.badReports(3);
      const decisionId = h.state.pending?.decisionId;
      h.advance(1000).healthy({ active: 'dr-1' });
      expect(h.last?.decisions).toEqual([]);
      expect(h.state).toMatchObject({ activeEndpointId: 'dr-1', pending: null, phase: 'STEADY' });
      expect(h.outcome('SUCCESS', decisionId).dropped?.code).toBe('UNKNOWN_DECISION');
    });

    it('reports from the old link during the switch keep health current but decide nothing', () => {
      const h = new Harness();
      h.badReports(3);
      h.advance(1000).bad({ probes: { 'dr-2': false } });
      expect(h.last?.decisions).toEqual([]);
      expect(h.state.endpointHealth['dr-2']?.healthy).toBe(false);
    });
  });

  describe("the sidecar's view of the active endpoint", () => {
    it('adopts the endpoint a report says the link is on, and records it', () => {
      const h = new Harness();
      h.badReports(2);
      h.advance(1000).healthy({ active: 'dr-2' });
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'RECONCILED',
        trigger: 'SIDECAR_REPORT',
        fromEndpointId: 'primary',
        toEndpointId: 'dr-2',
        commandRequired: false,
        requestedBy: SIDECAR_ID,
        alert: null,
      });
      expect(decision.reason).toContain("adopting the sidecar's view because it holds the link");
      expect(h.state).toMatchObject({ activeEndpointId: 'dr-2', activeSince: h.clock.t, consecutiveBad: 0 });
    });

    it('learns the endpoint silently when nothing was recorded', () => {
      const h = new Harness({ active: null });
      h.healthy({ active: 'primary' });
      expect(h.log).toEqual([]);
      expect(h.state.activeEndpointId).toBe('primary');
    });

    it('warns when the link is on an endpoint the registry does not list', () => {
      const h = new Harness();
      h.healthy({ active: 'dr-9' });
      expect(h.only()).toMatchObject({ action: 'RECONCILED', alert: { severity: 'warning' } });
    });

    it("then judges the new link's own health in the same report", () => {
      const h = new Harness();
      h.report({ active: 'dr-1', hard: 'SOCKET_RESET' });
      expect(h.actions()).toEqual(['RECONCILED', 'FAILOVER']);
      expect(h.last?.decisions[1]).toMatchObject({ fromEndpointId: 'dr-1', toEndpointId: 'primary' });
    });
  });

  describe('manual switchover', () => {
    it('overrides hysteresis, dwell, hold-down and maintenance, gracefully', () => {
      const h = new Harness({ policy: { minDwellMs: 600_000 } });
      h.failOverToDr();
      h.maintenance(true);
      h.advance(1000).healthy();
      h.switchover('dr-2');
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'SWITCHOVER',
        trigger: 'MANUAL',
        automatic: false,
        fromEndpointId: 'dr-1',
        toEndpointId: 'dr-2',
        commandRequired: true,
        strategy: 'SWITCHOVER',
        graceful: true,
        requestedBy: 'ops-jane',
        holdDownUntil: null,
      });
      expect(decision.reason).toContain(
        'manual switchover by ops-jane ("host patching tonight") from dr-1 (10.1.0.5:8583) to dr-2 (10.2.0.5:8583)',
      );
      expect(decision.reason).toContain('dr-2 is known healthy (reachable at its last probe, echo 40 ms, 0 ms ago)');
      expect(h.state.recentFailovers).toHaveLength(1);
    });

    it('refuses an unknown endpoint, the active one, and a known-bad one (unless forced)', () => {
      const h = new Harness();
      h.healthy({ probes: { 'dr-1': false, 'dr-2': true } });
      expect(h.only(h.switchover('dr-9')).rejection?.code).toBe('UNKNOWN_ENDPOINT');
      expect(h.only(h.switchover('primary')).rejection?.code).toBe('ALREADY_ACTIVE');
      const bad = h.only(h.switchover('dr-1'));
      expect(bad).toMatchObject({
        action: 'REJECTED',
        commandRequired: false,
        rejection: { code: 'TARGET_UNHEALTHY' },
      });
      expect(bad.reason).toBe(
        'manual switchover to dr-1 by ops-jane refused: dr-1 is known bad (unreachable at its last probe, 0 ms ago); force to switch anyway.',
      );
      expect(h.state.pending).toBeNull();
      const forced = h.only(h.switchover('dr-1', true));
      expect(forced).toMatchObject({ action: 'SWITCHOVER', commandRequired: true });
      expect(forced.reason).toContain('forced by the operator');
    });

    it('allows an endpoint with no fresh health information, saying so', () => {
      const h = new Harness();
      h.healthy({ probes: null });
      expect(h.only(h.switchover('dr-1')).reason).toContain(
        "dr-1 has no health information yet; switching on the operator's authority",
      );
    });

    it('refuses while a switch is in flight, unless forced, which supersedes it', () => {
      const h = new Harness();
      h.badReports(3);
      const first = h.state.pending?.decisionId;
      expect(h.only(h.switchover('dr-2')).rejection?.code).toBe('SWITCH_IN_FLIGHT');
      const forced = h.only(h.switchover('dr-2', true));
      expect(forced.reason).toContain(`Supersedes the switch to dr-1 in flight (decision ${first})`);
      expect(h.state.pending?.decisionId).toBe(forced.decisionId);
    });

    it('pins the link: no automatic failback until a manual failback', () => {
      const h = new Harness({ policy: { autoFailback: true, failbackDwellMs: 0, minDwellMs: 0 } });
      h.switchover('dr-1');
      h.outcome('SUCCESS');
      expect(h.state.pinned).toMatchObject({ endpointId: 'dr-1', operator: 'ops-jane' });
      for (let i = 0; i < 5; i++) h.advance(60_000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['SWITCHOVER']);
      h.failback();
      h.outcome('SUCCESS');
      expect(h.state).toMatchObject({ pinned: null, activeEndpointId: 'primary' });
    });
  });

  describe('manual failback', () => {
    it('switches gracefully to the highest-priority endpoint', () => {
      const h = new Harness();
      h.failOverToDr();
      h.advance(5_000).healthy();
      const decision = h.only(h.failback());
      expect(decision).toMatchObject({
        action: 'FAILBACK',
        trigger: 'MANUAL',
        toEndpointId: 'primary',
        strategy: 'FAILBACK',
        graceful: true,
      });
    });

    it('is refused when already on the primary, or when the primary is known bad', () => {
      const h = new Harness();
      expect(h.only(h.failback()).rejection?.code).toBe('ALREADY_ACTIVE');
      h.failOverToDr();
      h.advance(1000).healthy({ probes: { primary: false } });
      expect(h.only(h.failback())).toMatchObject({
        action: 'REJECTED',
        toEndpointId: 'primary',
        rejection: { code: 'TARGET_UNHEALTHY' },
      });
      expect(h.only(h.failback(true)).action).toBe('FAILBACK');
    });
  });

  describe('maintenance', () => {
    it('suspends automatic decisions while reports still update health', () => {
      const h = new Harness();
      h.maintenance(true);
      h.badReports(5, { probes: { 'dr-1': false } });
      expect(h.state.endpointHealth['dr-1']?.healthy).toBe(false);
      h.advance(1000).report({ hard: 'SOCKET_RESET' });
      h.request({ hard: 'SOCKET_RESET' });
      h.advance(20_000).tick();
      expect(h.log).toEqual([]);
      expect(h.state.consecutiveBad).toBe(6);
    });

    it('re-evaluates when it ends, saying who ended it', () => {
      const h = new Harness();
      h.maintenance(true);
      h.badReports(3);
      const decision = h.only(h.maintenance(false));
      expect(decision).toMatchObject({ action: 'FAILOVER', toEndpointId: 'dr-1' });
      expect(decision.reason).toMatch(/^maintenance ended by ops-jane \("window over"\); primary/);
    });

    it('still lets an operator move the link', () => {
      const h = new Harness();
      h.maintenance(true);
      expect(h.only(h.switchover('dr-1')).commandRequired).toBe(true);
    });

    it('processes a switch outcome during maintenance without retrying elsewhere', () => {
      const h = new Harness();
      h.badReports(3);
      h.maintenance(true);
      h.outcome('FAILED');
      expect(h.last?.decisions).toEqual([]);
      expect(h.state.pending).toBeNull();
    });

    it('switching it on twice changes nothing', () => {
      const h = new Harness();
      h.maintenance(true);
      const before = h.state;
      h.maintenance(true);
      expect(h.state).toStrictEqual(before);
    });
  });

  describe('shadow mode', () => {
    it('records the decision with shadow=true and commands nothing', () => {
      const h = new Harness({ policy: { mode: 'SHADOW' } });
      h.badReports(3);
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'FAILOVER',
        shadow: true,
        commandRequired: false,
        deadline: null,
        toEndpointId: 'dr-1',
      });
      expect(decision.reason).toMatch(/\[shadow mode: recorded only, no command sent\]$/);
      expect(h.state).toMatchObject({ pending: null, activeEndpointId: 'primary' });
    });

    it('does not record the same move again while the sidecar stays put, nor oscillate', () => {
      const h = new Harness({ policy: { mode: 'SHADOW', minDwellMs: 0 } });
      h.badReports(3);
      for (let i = 0; i < 100; i++) h.advance(5_000).bad();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
    });

    it('records a new incident after the link recovered, under the hold-down the first one set', () => {
      const h = new Harness({ policy: { mode: 'SHADOW', minDwellMs: 0 } });
      h.badReports(3);
      h.advance(1000).healthy();
      h.badReports(3);
      expect(h.log.at(-1)).toMatchObject({ action: 'SUPPRESSED', shadow: true });
      h.advance(30_000).bad();
      expect(h.log.at(-1)).toMatchObject({ action: 'FAILOVER', shadow: true, holdDownUntil: h.clock.t + 60_000 });
    });

    it("follows the sidecar's reports for the active endpoint", () => {
      const h = new Harness({ policy: { mode: 'SHADOW' } });
      h.badReports(3);
      h.advance(1000).healthy({ active: 'dr-1' });
      expect(h.only()).toMatchObject({ action: 'RECONCILED', shadow: true });
      expect(h.state.activeEndpointId).toBe('dr-1');
    });

    it('records manual operations without commanding them', () => {
      const h = new Harness({ policy: { mode: 'SHADOW' } });
      expect(h.only(h.switchover('dr-1'))).toMatchObject({
        action: 'SWITCHOVER',
        shadow: true,
        commandRequired: false,
      });
      expect(h.state.pending).toBeNull();
    });
  });

  describe('automatic failback', () => {
    const failbackPolicy = { autoFailback: true, failbackDwellMs: 300_000, minDwellMs: 60_000 };

    it('fails back gracefully once the primary has been healthy for the dwell', () => {
      const h = new Harness({ policy: failbackPolicy });
      h.failOverToDr();
      // the primary is reported reachable from here on
      for (let t = 0; t < 300; t++) h.advance(1000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
      h.advance(1000).healthy();
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'FAILBACK',
        trigger: 'AUTO_FAILBACK',
        fromEndpointId: 'dr-1',
        toEndpointId: 'primary',
        strategy: 'FAILBACK',
        graceful: true,
        commandRequired: true,
      });
      expect(decision.reason).toContain('primary (10.0.0.5:8583) has been healthy for 5 min (failback dwell 5 min)');
    });

    it('needs an unbroken healthy streak', () => {
      const h = new Harness({ policy: failbackPolicy });
      h.failOverToDr();
      for (let t = 0; t < 200; t++) h.advance(1000).healthy();
      h.advance(1000).healthy({ probes: { primary: false } });
      for (let t = 0; t < 200; t++) h.advance(1000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
      for (let t = 0; t < 101; t++) h.advance(1000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER', 'FAILBACK']);
    });

    it('waits for the minimum dwell and the hold-down, and happens on a TICK too', () => {
      const h = new Harness({
        policy: { autoFailback: true, failbackDwellMs: 0, minDwellMs: 60_000, holdDownMs: 90_000 },
      });
      h.failOverToDr();
      h.advance(65_000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
      h.advance(24_000).tick();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
      h.advance(2_000).tick();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER', 'FAILBACK']);
    });

    it('is off unless the policy turns it on', () => {
      const h = new Harness({ policy: { autoFailback: false, failbackDwellMs: 0, minDwellMs: 0 } });
      h.failOverToDr();
      for (let i = 0; i < 10; i++) h.advance(60_000).healthy();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER']);
    });

    it('counts toward flap damping', () => {
      const h = new Harness({ policy: { autoFailback: true, failbackDwellMs: 0, minDwellMs: 0 } });
      h.failOverToDr();
      h.advance(31_000).healthy();
      expect(h.only()).toMatchObject({ action: 'FAILBACK', holdDownUntil: h.clock.t + 60_000 });
    });

    it('a failed failback marks the primary bad and does not retry', () => {
      const h = new Harness({ policy: { autoFailback: true, failbackDwellMs: 0, minDwellMs: 0 } });
      h.failOverToDr();
      h.advance(31_000).healthy();
      h.advance(1000).outcome('FAILED');
      expect(h.last?.decisions).toEqual([]);
      h.advance(1000).tick();
      expect(h.log.map((d) => d.action)).toEqual(['FAILOVER', 'FAILBACK']);
    });
  });

  describe('sidecar failover requests', () => {
    it('a request without a hard signal moves at once, skipping the report hysteresis', () => {
      const h = new Harness();
      h.healthy();
      h.request();
      const decision = h.only();
      expect(decision).toMatchObject({ action: 'FAILOVER', trigger: 'SIDECAR_REQUEST', requestedBy: SIDECAR_ID });
      expect(decision.reason).toContain(
        'sidecar payments/acquirer-0 asked to fail over from primary (10.0.0.5:8583): "application reports the issuer link unusable"',
      );
    });

    it('but respects the minimum dwell', () => {
      const h = new Harness({ policy: { holdDownMs: 0, holdDownMaxMs: 0 } });
      h.failOverToDr();
      h.advance(1000).healthy();
      h.request();
      expect(h.only()).toMatchObject({ action: 'SUPPRESSED', trigger: 'SIDECAR_REQUEST' });
    });

    it('a request carrying a hard signal acts like one', () => {
      const h = new Harness({ policy: { holdDownMs: 0, holdDownMaxMs: 0 } });
      h.failOverToDr();
      h.advance(1000).healthy();
      h.request({ hard: 'APP_LINK_DOWN' });
      const decision = h.only();
      expect(decision).toMatchObject({
        action: 'FAILOVER',
        trigger: 'HARD_SIGNAL',
        strategy: 'APPLICATION_FAILURE',
        toEndpointId: 'primary',
      });
      expect(decision.reason).toContain('in a failover request from sidecar payments/acquirer-0');
    });

    it("honours the sidecar's suggested target only when it is known healthy", () => {
      const h = new Harness();
      h.healthy();
      h.request({ suggested: 'dr-2' });
      expect(h.only()).toMatchObject({ toEndpointId: 'dr-2' });
      expect(h.only().reason).toContain('known healthy, as suggested by the sidecar');

      const g = new Harness();
      g.healthy({ probes: { 'dr-1': true, 'dr-2': false } });
      g.request({ suggested: 'dr-2' });
      expect(g.only().toEndpointId).toBe('dr-1');
      expect(g.only().reason).toContain('the sidecar suggested dr-2, but it is not known healthy');
    });
  });
});
