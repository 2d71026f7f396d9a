/**
 * Test kit for the decision engine specs: a fake clock, a fixed three-endpoint connection, report
 * builders, and a harness that feeds inputs and keeps the state. Test-only; nothing in the app imports it.
 */
import {
  DEFAULT_CONFIG,
  type CommandStatus,
  type ConnectionStatus,
  type FailoverSettingsDto,
  type HardSignalKind,
  type HealthReportDto,
} from '@switchyard/contracts';
import type {
  ConnectionDecisionState,
  Decision,
  DecisionEndpoint,
  DecisionInput,
  DecisionResult,
} from './decision.types';
import { FailoverDecisionEngine, initialDecisionState } from './failover-decision.engine';

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
export const CONNECTION_ID = 'visa-acq-1';
export const SIDECAR_ID = 'payments/acquirer-0';

export const ENDPOINTS: DecisionEndpoint[] = [
  { id: 'primary', priority: 0, role: 'PRIMARY', host: '10.0.0.5', port: 8583 },
  { id: 'dr-1', priority: 1, role: 'DR', host: '10.1.0.5', port: 8583 },
  { id: 'dr-2', priority: 2, role: 'DR', host: '10.2.0.5', port: 8583 },
];

/** Defaults with auto-failback on; tests override what they exercise. */
export function policyWith(overrides: Partial<FailoverSettingsDto> = {}): FailoverSettingsDto {
  return { ...DEFAULT_CONFIG.failover, ...overrides };
}

export class FakeClock {
  constructor(public t = T0) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function uuidFor(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export interface ReportOptions {
  status?: ConnectionStatus;
  score?: number;
  hard?: HardSignalKind;
  active?: string;
  /** endpointId → reachable; default: every endpoint reachable. `null` sends no probes. */
  probes?: Record<string, boolean> | null;
  /** Age of the probes by the sidecar's clock. */
  probeAgeMs?: number;
  sequence?: number;
  reportedAt?: number;
  sidecarId?: string;
  applicationDown?: boolean;
  connectionId?: string;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export class Harness {
  readonly clock: FakeClock;
  readonly engine: FailoverDecisionEngine;
  state: ConnectionDecisionState;
  policy: FailoverSettingsDto;
  readonly log: Decision[] = [];
  last: DecisionResult | null = null;
  sequence = 0;
  private ids = 0;
  randomValue = 0;

  constructor(
    options: {
      policy?: Partial<FailoverSettingsDto>;
      active?: string | null;
      endpoints?: DecisionEndpoint[];
      ttlMs?: number;
      windowMs?: number;
    } = {},
  ) {
    this.clock = new FakeClock();
    this.policy = policyWith(options.policy);
    this.engine = new FailoverDecisionEngine({
      now: this.clock.now,
      random: () => this.randomValue,
      newDecisionId: () => uuidFor(++this.ids),
      ...(options.ttlMs === undefined ? {} : { endpointHealthTtlMs: options.ttlMs }),
      ...(options.windowMs === undefined ? {} : { failoverWindowMs: options.windowMs }),
    });
    this.state = initialDecisionState(
      CONNECTION_ID,
      options.endpoints ?? ENDPOINTS,
      options.active === undefined ? 'primary' : options.active,
      // The link has been up for an hour: the minimum dwell does not get in the way unless a test wants it.
      this.clock.t - 3_600_000,
    );
  }

  /** Feed one input; the state handed in is frozen, so any mutation by the engine throws. */
  decide(input: DecisionInput): DecisionResult {
    const frozen = deepFreeze(this.state);
    const result = this.engine.decide(frozen, input, this.policy);
    this.state = result.state;
    this.last = result;
    this.log.push(...result.decisions);
    return result;
  }

  advance(ms: number): this {
    this.clock.advance(ms);
    return this;
  }

  buildReport(options: ReportOptions = {}): HealthReportDto {
    const sequence = options.sequence ?? ++this.sequence;
    if (options.sequence !== undefined) this.sequence = Math.max(this.sequence, options.sequence);
    const reportedAt = options.reportedAt ?? this.clock.t;
    const iso = new Date(reportedAt).toISOString();
    const probeIso = new Date(reportedAt - (options.probeAgeMs ?? 0)).toISOString();
    const status = options.status ?? (options.hard ? 'FAILED' : 'ACTIVE');
    const score = options.score ?? (status === 'FAILED' ? 10 : 95);
    const up = status === 'FAILED' ? 'DOWN' : 'UP';
    const probes =
      options.probes === null
        ? undefined
        : Object.entries(options.probes ?? Object.fromEntries(ENDPOINTS.map((e) => [e.id, true]))).map(
            ([endpointId, reachable]) => ({
              endpointId,
              reachable,
              checkedAt: probeIso,
              ...(reachable ? { echoRttMs: 40 } : {}),
            }),
          );
    return {
      connectionId: options.connectionId ?? CONNECTION_ID,
      sidecarId: options.sidecarId ?? SIDECAR_ID,
      status,
      score,
      activeEndpointId: options.active ?? this.state.activeEndpointId ?? 'primary',
      layers: {
        application: { status: options.applicationDown ? 'DOWN' : 'UP', checkedAt: iso },
        network: { status: up, checkedAt: iso, reachable: status !== 'FAILED' },
        protocol: { status: up, checkedAt: iso, consecutiveTimeouts: 0 },
        resources: { status: 'UP', checkedAt: iso },
      },
      ...(options.hard
        ? { hardSignal: { kind: options.hard, detail: 'ECONNRESET from 10.0.0.5:8583', observedAt: iso } }
        : {}),
      ...(probes ? { endpoints: probes } : {}),
      sequence,
      reportedAt: iso,
    };
  }

  report(options: ReportOptions = {}): DecisionResult {
    return this.decide({ type: 'HEALTH_REPORT', report: this.buildReport(options) });
  }

  healthy(options: ReportOptions = {}): DecisionResult {
    return this.report({ status: 'ACTIVE', score: 95, ...options });
  }

  bad(options: ReportOptions = {}): DecisionResult {
    return this.report({ status: 'FAILED', score: 10, ...options });
  }

  /** `count` bad reports, `everyMs` apart (the clock advances before each but the first). */
  badReports(count: number, options: ReportOptions = {}, everyMs = 1000): DecisionResult[] {
    const results: DecisionResult[] = [];
    for (let i = 0; i < count; i++) {
      if (i > 0) this.advance(everyMs);
      results.push(this.bad(options));
    }
    return results;
  }

  request(options: { hard?: HardSignalKind; suggested?: string; reason?: string } = {}): DecisionResult {
    return this.decide({
      type: 'FAILOVER_REQUEST',
      request: {
        sidecarId: SIDECAR_ID,
        reason: options.reason ?? 'application reports the issuer link unusable',
        requestedAt: new Date(this.clock.t).toISOString(),
        ...(options.suggested ? { suggestedTargetEndpointId: options.suggested } : {}),
        ...(options.hard
          ? {
              hardSignal: {
                kind: options.hard,
                detail: 'link dropped',
                observedAt: new Date(this.clock.t).toISOString(),
              },
            }
          : {}),
      },
    });
  }

  tick(): DecisionResult {
    return this.decide({ type: 'TICK' });
  }

  outcome(
    status: CommandStatus,
    decisionId = this.state.pending?.decisionId ?? 'none',
    detail?: string,
  ): DecisionResult {
    return this.decide({ type: 'COMMAND_OUTCOME', decisionId, status, ...(detail ? { detail } : {}) });
  }

  switchover(targetEndpointId: string, force?: boolean): DecisionResult {
    return this.decide({
      type: 'MANUAL_SWITCHOVER',
      targetEndpointId,
      operator: 'ops-jane',
      reason: 'host patching tonight',
      ...(force === undefined ? {} : { force }),
    });
  }

  failback(force?: boolean): DecisionResult {
    return this.decide({
      type: 'MANUAL_FAILBACK',
      operator: 'ops-jane',
      reason: 'patching done',
      ...(force === undefined ? {} : { force }),
    });
  }

  maintenance(on: boolean): DecisionResult {
    return this.decide({
      type: 'MAINTENANCE',
      on,
      operator: 'ops-jane',
      reason: on ? 'card network window' : 'window over',
    });
  }

  /** Fail over from the primary with 3 bad reports and confirm the switch. */
  failOverToDr(): Decision {
    this.badReports(this.policy.consecutiveBadReports);
    const decision = this.last?.decisions.find((d) => d.action === 'FAILOVER');
    if (!decision) throw new Error('expected a FAILOVER');
    this.outcome('SUCCESS');
    return decision;
  }

  actions(result: DecisionResult | null = this.last): string[] {
    return (result?.decisions ?? []).map((d) => d.action);
  }

  only(result: DecisionResult | null = this.last): Decision {
    const decisions = result?.decisions ?? [];
    if (decisions.length !== 1)
      throw new Error(`expected one decision, got ${decisions.map((d) => d.action).join(', ') || 'none'}`);
    return decisions[0] as Decision;
  }
}
