/**
 * The failover decision engine: one pure state machine per connection, fed by health reports,
 * sidecar failover requests, operator actions, command outcomes and the passing of time. It owns
 * WHEN a link moves and WHERE to; it never talks to Kafka, PostgreSQL or the clock directly.
 *
 * The caller loads the connection's state, calls `decide`, and in one transaction persists the new
 * state, writes each decision as a failover event and — for a decision with `commandRequired` —
 * bumps the epoch with a compare-and-set from `decision.epoch` and writes the TRIGGER_FAILOVER
 * command to the outbox (fencing, DESIGN.md). A lost compare-and-set means another replica won:
 * reload and decide again.
 */
import { randomUUID } from 'node:crypto';
import type { FailoverRequestDto, FailoverSettingsDto, FailoverStrategy, HealthReportDto } from '@switchyard/contracts';
import {
  describeEndpoint,
  describeHardSignal,
  formatDuration,
  formatTime,
  ordinal,
  plural,
  SHADOW_SUFFIX,
} from './decision-reason';
import {
  DEFAULT_ENDPOINT_HEALTH_TTL_MS,
  DEFAULT_FAILOVER_WINDOW_MS,
  type AlertSeverity,
  type CommandOutcomeInput,
  type ConnectionDecisionState,
  type Decision,
  type DecisionEndpoint,
  type DecisionEngineDeps,
  type DecisionInput,
  type DecisionResult,
  type DecisionTrigger,
  type DroppedInput,
  type ManualFailbackInput,
  type ManualSwitchoverInput,
  type MaintenanceInput,
  type OpenAlert,
  type PendingSwitch,
  type RejectionCode,
  type SwitchKind,
} from './decision.types';
import { describeHealth, observeEndpoint, viewOf } from './endpoint-health';
import { holdDownFor, switchesInWindow, type HoldDown } from './hold-down';
import { gracefulForFailure, judgeReport, strategyForFailure } from './report-verdict';
import { byPriority, failbackCandidate, selectTarget, topPriority, type TargetChoice } from './target-selection';

/** A fresh state for a connection: nothing known yet, automation on. */
export function initialDecisionState(
  connectionId: string,
  endpoints: readonly DecisionEndpoint[],
  activeEndpointId: string | null,
  now: number,
  epoch = 0,
): ConnectionDecisionState {
  return {
    connectionId,
    endpoints: byPriority(endpoints).map(({ id, priority, role, host, port }) => ({ id, priority, role, host, port })),
    activeEndpointId,
    epoch,
    phase: 'STEADY',
    maintenance: false,
    consecutiveBad: 0,
    badSince: null,
    lastBad: null,
    lastHardSignal: null,
    lastReportSequence: null,
    lastReportedAt: null,
    lastReportSidecarId: null,
    lastHeardAt: null,
    activeSince: now,
    endpointHealth: {},
    recentFailovers: [],
    failedTargets: [],
    holdDownUntil: null,
    pending: null,
    pinned: null,
    openAlert: null,
    shadowMove: null,
    lastDecisionAt: null,
  };
}

export class FailoverDecisionEngine {
  private readonly settings: EngineSettings;

  constructor(deps: DecisionEngineDeps) {
    this.settings = {
      now: deps.now,
      random: deps.random,
      newDecisionId: deps.newDecisionId ?? randomUUID,
      ttlMs: deps.endpointHealthTtlMs ?? DEFAULT_ENDPOINT_HEALTH_TTL_MS,
      windowMs: deps.failoverWindowMs ?? DEFAULT_FAILOVER_WINDOW_MS,
    };
  }

  /** Pure given the injected deps: `state` is never mutated; the returned state is a new object. */
  decide(state: ConnectionDecisionState, input: DecisionInput, policy: FailoverSettingsDto): DecisionResult {
    const run = new DecisionRun(structuredClone(state), policy, this.settings.now(), this.settings);
    return run.handle(input);
  }
}

interface EngineSettings {
  now: () => number;
  random: () => number;
  newDecisionId: () => string;
  ttlMs: number;
  windowMs: number;
}

/** A command that did not complete: the next evaluation says so, and continues the incident. */
interface Continuation {
  what: string;
  /** Failed or timed out: the incident already passed the gates, so the next target is tried at once. */
  bypassGates: boolean;
}

interface EvaluateOptions {
  request?: FailoverRequestDto;
  prefix?: string;
}

type DecisionDraft = Pick<Decision, 'action' | 'trigger' | 'reason'> & Partial<Decision>;

/** One call of `decide`: a working copy of the state, and the decisions taken on it. */
class DecisionRun {
  private readonly decisions: Decision[] = [];
  private dropped: DroppedInput | null = null;
  private continuation: Continuation | null = null;

  constructor(
    private readonly s: ConnectionDecisionState,
    private readonly policy: FailoverSettingsDto,
    private readonly now: number,
    private readonly settings: EngineSettings,
  ) {}

  private get shadow(): boolean {
    return this.policy.mode === 'SHADOW';
  }

  private get ttl(): number {
    return this.settings.ttlMs;
  }

  handle(input: DecisionInput): DecisionResult {
    this.housekeeping(input);
    let operatorActed = false;
    switch (input.type) {
      case 'HEALTH_REPORT':
        this.onReport(input.report);
        break;
      case 'FAILOVER_REQUEST':
        this.onRequest(input.request);
        break;
      case 'MANUAL_SWITCHOVER':
        operatorActed = this.onManualSwitchover(input);
        break;
      case 'MANUAL_FAILBACK':
        operatorActed = this.onManualFailback(input);
        break;
      case 'MAINTENANCE':
        this.onMaintenance(input);
        break;
      case 'COMMAND_OUTCOME':
        this.onCommandOutcome(input);
        break;
      case 'TICK':
        this.evaluate();
        break;
    }
    // A deadline that passed before this input still gets its follow-up, unless an operator just moved the link.
    if (this.continuation && !operatorActed) this.evaluate();
    this.continuation = null;
    return { state: this.s, decisions: this.decisions, dropped: this.dropped };
  }

  // ------------------------------------------------------------------------------------------
  // Inputs

  private housekeeping(input: DecisionInput): void {
    const s = this.s;
    s.recentFailovers = switchesInWindow(s.recentFailovers, this.now, this.settings.windowMs);
    if (s.holdDownUntil !== null && this.now >= s.holdDownUntil) s.holdDownUntil = null;
    if (!this.shadow) s.shadowMove = null;
    const outcomeForPending = input.type === 'COMMAND_OUTCOME' && input.decisionId === s.pending?.decisionId;
    if (s.pending && this.now >= s.pending.deadline && !outcomeForPending) {
      this.resolvePending(
        'TIMEOUT',
        `no result within the ${formatDuration(s.pending.deadline - s.pending.startedAt)} deadline`,
      );
    }
  }

  private onReport(report: HealthReportDto): void {
    const s = this.s;
    if (report.connectionId !== s.connectionId) {
      this.drop('CONNECTION_MISMATCH', `report for ${report.connectionId} given to the state of ${s.connectionId}`);
      return;
    }
    const reportedAt = Date.parse(report.reportedAt);
    if (this.isStale(report.sequence, reportedAt)) {
      this.drop(
        'STALE_REPORT',
        `report ${report.sequence} from ${report.sidecarId} is not newer than report ${s.lastReportSequence} (duplicate or reordered)`,
      );
      return;
    }
    s.lastReportSequence = report.sequence;
    if (Number.isFinite(reportedAt)) s.lastReportedAt = reportedAt;
    s.lastReportSidecarId = report.sidecarId;
    s.lastHeardAt = this.now;

    for (const probe of report.endpoints ?? []) {
      if (!this.isRegistered(probe.endpointId)) continue;
      // Probe age by the sidecar's own clock (checkedAt and reportedAt share it), applied to ours: no skew.
      const checkedAt = Date.parse(probe.checkedAt);
      const age = Number.isFinite(checkedAt) && Number.isFinite(reportedAt) ? Math.max(0, reportedAt - checkedAt) : 0;
      const rtt = probe.echoRttMs === undefined ? '' : `, echo ${Math.round(probe.echoRttMs)} ms`;
      observeEndpoint(
        s.endpointHealth,
        probe.endpointId,
        probe.reachable,
        this.now - age,
        this.ttl,
        probe.reachable ? `reachable at its last probe${rtt}` : 'unreachable at its last probe',
        'probe',
      );
    }

    // The sidecar holds the link: whatever it says it is on, it is on.
    const link = report.activeEndpointId;
    if (s.pending && link === s.pending.targetEndpointId) {
      const pending = s.pending;
      s.pending = null;
      this.switchCompleted(pending, false);
    } else if (!s.pending && link !== s.activeEndpointId) {
      this.reconcile(link, report.sidecarId);
    }

    const verdict = judgeReport(report, this.policy);
    const hard = report.hardSignal ?? null;
    const healthy = !verdict.bad && hard === null;
    if (this.isRegistered(link)) {
      observeEndpoint(
        s.endpointHealth,
        link,
        healthy,
        this.now,
        this.ttl,
        hard ? `carrying the link, reported ${hard.kind}` : `carrying the link, ${verdict.summary}`,
        'link',
      );
    }
    if (link !== s.activeEndpointId) return this.evaluate(); // the old link while a switch is in flight

    if (healthy) {
      this.clearBadness();
    } else {
      s.consecutiveBad += 1;
      s.badSince ??= this.now;
      if (verdict.bad) {
        s.lastBad = {
          status: report.status,
          score: report.score,
          applicationDown: report.layers.application.status === 'DOWN',
          networkDown: report.layers.network.status === 'DOWN',
          at: this.now,
        };
      }
      if (hard) s.lastHardSignal = { kind: hard.kind, detail: hard.detail, at: this.now, source: 'report' };
    }
    this.evaluate();
  }

  private onRequest(request: FailoverRequestDto): void {
    const s = this.s;
    s.lastHeardAt = this.now;
    if (request.hardSignal) {
      s.lastHardSignal = {
        kind: request.hardSignal.kind,
        detail: request.hardSignal.detail,
        at: this.now,
        source: 'request',
      };
      if (s.activeEndpointId !== null && this.isRegistered(s.activeEndpointId)) {
        observeEndpoint(
          s.endpointHealth,
          s.activeEndpointId,
          false,
          this.now,
          this.ttl,
          `carrying the link, sidecar reported ${request.hardSignal.kind}`,
          'link',
        );
      }
    }
    this.evaluate({ request });
  }

  private onManualSwitchover(input: ManualSwitchoverInput): boolean {
    const target = this.s.endpoints.find((e) => e.id === input.targetEndpointId);
    if (!target) {
      this.reject(
        input,
        'UNKNOWN_ENDPOINT',
        `${input.targetEndpointId} is not an endpoint of connection ${this.s.connectionId} (endpoints: ${this.s.endpoints
          .map((e) => e.id)
          .join(', ')})`,
      );
      return false;
    }
    return this.manualMove('SWITCHOVER', target, input);
  }

  private onManualFailback(input: ManualFailbackInput): boolean {
    const top = topPriority(this.s.endpoints);
    if (!top) {
      this.reject(input, 'UNKNOWN_ENDPOINT', `connection ${this.s.connectionId} has no endpoints`);
      return false;
    }
    return this.manualMove('FAILBACK', top, input);
  }

  private onMaintenance(input: MaintenanceInput): void {
    const s = this.s;
    if (input.on === s.maintenance) return;
    s.maintenance = input.on;
    if (!input.on) {
      this.evaluate({ prefix: `maintenance ended by ${input.operator} ("${input.reason}"); ` });
    }
  }

  private onCommandOutcome(input: CommandOutcomeInput): void {
    if (!this.s.pending || this.s.pending.decisionId !== input.decisionId) {
      this.drop('UNKNOWN_DECISION', `no switch in flight for decision ${input.decisionId} (late or duplicate result)`);
      return;
    }
    this.resolvePending(input.status, input.detail ?? null);
    this.evaluate();
  }

  // ------------------------------------------------------------------------------------------
  // The state machine

  /** Decide whether the link must move now, and where, given everything known. */
  private evaluate(options: EvaluateOptions = {}): void {
    const s = this.s;
    const continuation = this.continuation;
    this.continuation = null;
    if (s.pending) {
      s.phase = 'SWITCHING';
      return;
    }
    if (s.maintenance) {
      s.phase = this.isBad() ? 'SUSPECT' : 'STEADY';
      return;
    }

    const trigger = this.detectTrigger(options.request);
    if (trigger === null) {
      if (s.shadowMove?.kind === 'FAILOVER' && !this.isBad()) s.shadowMove = null;
      this.maybeRecovered();
      s.phase = this.isBad() ? 'SUSPECT' : 'STEADY';
      this.maybeFailback(options.prefix ?? '');
      return;
    }

    // Shadow: the link did not move, so do not record the same move again while the sidecar stays put.
    if (this.shadow && s.shadowMove && s.shadowMove.fromEndpointId === s.activeEndpointId) {
      s.phase = 'SUSPECT';
      return;
    }

    const prefix = `${options.prefix ?? ''}${continuation ? `${continuation.what}; ` : ''}`;
    const why = this.describeTrigger(trigger, options.request);
    const requestedBy = options.request?.sidecarId ?? null;
    let choice = selectTarget(s, this.now, this.ttl, options.request?.suggestedTargetEndpointId ?? null);
    let bypassGates = false;
    if (continuation?.bypassGates) {
      const untried = selectTarget(this.withoutFailedTargets(), this.now, this.ttl);
      if (untried.target) {
        choice = untried;
        bypassGates = true;
      }
    }
    const effectiveTrigger: DecisionTrigger = continuation?.bypassGates ? 'COMMAND_FAILED' : trigger;

    if (!choice.target) {
      this.markFailed(effectiveTrigger, `${prefix}${why}`, choice, requestedBy);
      return;
    }
    // A failed command continues an incident that already passed the gates.
    if (!bypassGates) {
      const dwelled = this.now - s.activeSince;
      if (trigger !== 'HARD_SIGNAL' && this.policy.minDwellMs > 0 && dwelled < this.policy.minDwellMs) {
        this.suppress(
          'MIN_DWELL',
          trigger,
          effectiveTrigger,
          `${prefix}${why}; but ${describeEndpoint(s.endpoints, s.activeEndpointId)} has been active only ${formatDuration(
            dwelled,
          )} (minimum dwell ${formatDuration(this.policy.minDwellMs)}). Not moving for another ${formatDuration(
            this.policy.minDwellMs - dwelled,
          )}; acting then if still bad. An operator can switch over manually.`,
          requestedBy,
        );
        return;
      }
      if (s.holdDownUntil !== null && this.now < s.holdDownUntil) {
        this.suppress(
          'HOLD_DOWN',
          trigger,
          effectiveTrigger,
          `${prefix}${why}; but automatic failover is held down until ${formatTime(s.holdDownUntil)} (${formatDuration(
            s.holdDownUntil - this.now,
          )} more) after ${plural(s.recentFailovers.length, 'automatic switch', 'automatic switches')} in the last ${formatDuration(
            this.settings.windowMs,
          )}. Would fail over to ${choice.target.id}; acting when hold-down ends if still bad. An operator can switch over manually.`,
          requestedBy,
        );
        return;
      }
    }

    const hard = s.lastHardSignal;
    this.command({
      kind: 'FAILOVER',
      trigger: effectiveTrigger,
      target: choice.target,
      strategy: strategyForFailure(hard, s.lastBad),
      graceful: gracefulForFailure(hard, s.lastBad),
      requestedBy,
      reason: `${prefix}${why}${
        trigger === 'HARD_SIGNAL' && !bypassGates
          ? ` — acting at once (hard signals skip the ${this.policy.consecutiveBadReports}-report hysteresis and the minimum dwell)`
          : ''
      }; failing over to ${this.describeChoice(choice)}.`,
      pinOnSuccess: null,
    });
  }

  private detectTrigger(request: FailoverRequestDto | undefined): DecisionTrigger | null {
    const s = this.s;
    // Evidence older than the TTL (a silent sidecar) is not acted on: what it said may no longer be true.
    if (s.lastHeardAt === null || this.now - s.lastHeardAt > this.ttl) return null;
    if (s.lastHardSignal) return 'HARD_SIGNAL';
    if (s.consecutiveBad >= this.policy.consecutiveBadReports) return 'HEALTH_THRESHOLD';
    // badForMs 0 turns the duration rule off, as 0 turns hold-down and dwell off.
    if (this.policy.badForMs > 0 && s.badSince !== null && this.now - s.badSince >= this.policy.badForMs) {
      return 'SCORE_DURATION';
    }
    if (request) return 'SIDECAR_REQUEST';
    return null;
  }

  private maybeFailback(prefix: string): void {
    const s = this.s;
    if (!this.policy.autoFailback || s.pinned || s.pending || s.maintenance || this.isBad()) return;
    if (s.lastHeardAt === null || this.now - s.lastHeardAt > this.ttl) return;
    if (this.now - s.activeSince < this.policy.minDwellMs) return;
    if (s.holdDownUntil !== null && this.now < s.holdDownUntil) return;
    if (this.shadow && s.shadowMove && s.shadowMove.fromEndpointId === s.activeEndpointId) return;
    const target = failbackCandidate(s, this.now, this.ttl, this.policy.failbackDwellMs);
    if (!target) return;
    const record = s.endpointHealth[target.id];
    const healthyFor = record ? this.now - record.since : 0;
    this.command({
      kind: 'FAILBACK',
      trigger: 'AUTO_FAILBACK',
      target,
      strategy: 'FAILBACK',
      graceful: true,
      requestedBy: null,
      reason: `${prefix}${describeEndpoint(s.endpoints, target.id)} has been healthy for ${formatDuration(
        healthyFor,
      )} (failback dwell ${formatDuration(this.policy.failbackDwellMs)}) and ${describeEndpoint(
        s.endpoints,
        s.activeEndpointId,
      )} has been active ${formatDuration(this.now - s.activeSince)} (minimum dwell ${formatDuration(
        this.policy.minDwellMs,
      )}); failing back gracefully to the higher-priority endpoint.`,
      pinOnSuccess: null,
    });
  }

  private maybeRecovered(): void {
    const s = this.s;
    if (!s.openAlert || this.isBad()) return;
    // A link that flaps inside one hold-down (or dwell) is one episode: the alert stays open while the
    // gate holds, and closes once it lifts with the link healthy — not a raise/clear pair per flap.
    if (s.openAlert.key === 'HOLD_DOWN' && s.holdDownUntil !== null && this.now < s.holdDownUntil) return;
    if (s.openAlert.key === 'MIN_DWELL' && this.now - s.activeSince < this.policy.minDwellMs) return;
    const raised = s.openAlert;
    s.openAlert = null;
    this.emit({
      action: 'RECOVERED',
      trigger: 'SIDECAR_REPORT',
      fromEndpointId: s.activeEndpointId,
      reason: `${describeEndpoint(s.endpoints, s.activeEndpointId)} is healthy again (${
        s.endpointHealth[s.activeEndpointId ?? '']?.detail ?? 'healthy report'
      }); clearing the ${raised.severity} alert raised at ${formatTime(raised.since)}. No move needed.`,
    });
  }

  private markFailed(trigger: DecisionTrigger, why: string, choice: TargetChoice, requestedBy: string | null): void {
    const s = this.s;
    s.phase = 'FAILED';
    // One alert per outage: nothing more until something changes (a target turns healthy, the link recovers).
    if (s.openAlert?.key === 'NO_HEALTHY_TARGET') return;
    const active = describeEndpoint(s.endpoints, s.activeEndpointId);
    const others = choice.skipped.length
      ? choice.skipped.map((k) => `${k.endpointId}: ${k.why}`).join('; ')
      : 'there is no other endpoint';
    const message = `${s.connectionId}: ${active} is failing and no other endpoint is known healthy; staying on it.`;
    this.raise('NO_HEALTHY_TARGET', 'critical');
    this.emit({
      action: 'MARK_FAILED',
      trigger,
      fromEndpointId: s.activeEndpointId,
      requestedBy,
      alert: { severity: 'critical', message },
      reason: `${why}; but no other endpoint is known healthy (${others}${
        choice.suggestionNote ? `; ${choice.suggestionNote}` : ''
      }). Staying on ${active} rather than moving to an endpoint that is down or unknown; will fail over as soon as an endpoint is reported healthy.`,
    });
  }

  private suppress(
    key: 'MIN_DWELL' | 'HOLD_DOWN',
    cause: DecisionTrigger,
    trigger: DecisionTrigger,
    reason: string,
    requestedBy: string | null,
  ): void {
    const s = this.s;
    s.phase = 'SUSPECT';
    const severity: AlertSeverity = cause === 'HARD_SIGNAL' || s.lastHardSignal !== null ? 'critical' : 'warning';
    const open = s.openAlert;
    // Alert once per gate; only an escalation (warning → critical) is worth a second one.
    if (open?.key === key && (open.severity === severity || open.severity === 'critical')) return;
    this.raise(key, severity);
    this.emit({
      action: 'SUPPRESSED',
      trigger,
      fromEndpointId: s.activeEndpointId,
      requestedBy,
      alert: {
        severity,
        message: `${s.connectionId}: failover needed but ${key === 'HOLD_DOWN' ? 'held down (flap damping)' : 'held by the minimum dwell'}; staying on ${s.activeEndpointId ?? 'no endpoint'}.`,
      },
      reason,
    });
  }

  private command(order: {
    kind: SwitchKind;
    trigger: DecisionTrigger;
    target: DecisionEndpoint;
    strategy: FailoverStrategy;
    graceful: boolean;
    requestedBy: string | null;
    reason: string;
    pinOnSuccess: PendingSwitch['pinOnSuccess'];
  }): void {
    const s = this.s;
    const automatic = order.trigger !== 'MANUAL';
    let damping = '';
    if (automatic) {
      s.recentFailovers.push(this.now);
      const holdDown = holdDownFor(s.recentFailovers.length, this.policy, this.settings.random);
      s.holdDownUntil = holdDown.durationMs > 0 ? this.now + holdDown.durationMs : null;
      damping = ` ${this.describeHoldDown(holdDown)}`;
    }
    const deadline = this.shadow ? null : this.now + this.policy.commandDeadlineMs;
    const decision = this.emit({
      action: order.kind,
      trigger: order.trigger,
      fromEndpointId: s.activeEndpointId,
      toEndpointId: order.target.id,
      commandRequired: !this.shadow,
      strategy: order.strategy,
      graceful: order.graceful,
      deadline,
      holdDownUntil: automatic ? s.holdDownUntil : null,
      requestedBy: order.requestedBy,
      reason: `${order.reason}${damping}`,
    });
    s.openAlert = null;
    if (deadline === null) {
      s.shadowMove = {
        kind: order.kind,
        fromEndpointId: s.activeEndpointId,
        toEndpointId: order.target.id,
        at: this.now,
      };
      s.phase = this.isBad() ? 'SUSPECT' : 'STEADY';
      return;
    }
    s.pending = {
      decisionId: decision.decisionId,
      kind: order.kind,
      automatic,
      trigger: order.trigger,
      fromEndpointId: s.activeEndpointId,
      targetEndpointId: order.target.id,
      startedAt: this.now,
      deadline,
      pinOnSuccess: order.pinOnSuccess,
    };
    s.phase = 'SWITCHING';
  }

  private manualMove(
    kind: 'SWITCHOVER' | 'FAILBACK',
    target: DecisionEndpoint,
    input: ManualSwitchoverInput | ManualFailbackInput,
  ): boolean {
    const s = this.s;
    const force = input.force === true;
    if (target.id === s.activeEndpointId) {
      this.reject(input, 'ALREADY_ACTIVE', `${describeEndpoint(s.endpoints, target.id)} already carries the link`);
      return false;
    }
    if (s.pending && !force) {
      this.reject(
        input,
        'SWITCH_IN_FLIGHT',
        `a switch to ${s.pending.targetEndpointId} (decision ${s.pending.decisionId}) is in flight until ${formatTime(
          s.pending.deadline,
        )}; retry when it completes, or force to supersede it`,
      );
      return false;
    }
    const view = viewOf(s.endpointHealth, target.id, this.now, this.ttl);
    const health = describeHealth(s.endpointHealth, target.id, this.now, this.ttl);
    if (view === 'BAD' && !force) {
      this.reject(input, 'TARGET_UNHEALTHY', `${target.id} is known bad (${health}); force to switch anyway`);
      return false;
    }
    const superseded = s.pending
      ? ` Supersedes the switch to ${s.pending.targetEndpointId} in flight (decision ${s.pending.decisionId}).`
      : '';
    s.pending = null; // the new epoch fences the old command off
    const healthWords =
      view === 'HEALTHY'
        ? `${target.id} is known healthy (${health})`
        : view === 'BAD'
          ? `${target.id} is known bad (${health}) — forced by the operator`
          : `${target.id} has ${health}; switching on the operator's authority (the sidecar verifies the new link with an echo)`;
    const top = topPriority(s.endpoints);
    this.command({
      kind,
      trigger: 'MANUAL',
      target,
      strategy: kind === 'FAILBACK' ? 'FAILBACK' : 'SWITCHOVER',
      graceful: true,
      requestedBy: input.operator,
      reason: `manual ${kind === 'FAILBACK' ? 'failback' : 'switchover'} by ${input.operator} ("${input.reason}") from ${describeEndpoint(
        s.endpoints,
        s.activeEndpointId,
      )} to ${describeEndpoint(s.endpoints, target.id)}; ${healthWords}. Overrides hysteresis, minimum dwell, hold-down and maintenance${
        kind === 'SWITCHOVER' && target.id !== top?.id ? '; automatic failback stays off until a manual failback' : ''
      }.${superseded}`,
      pinOnSuccess:
        kind === 'SWITCHOVER' && target.id !== top?.id
          ? { endpointId: target.id, operator: input.operator, reason: input.reason, at: this.now }
          : null,
    });
    return true;
  }

  private reject(input: ManualSwitchoverInput | ManualFailbackInput, code: RejectionCode, message: string): void {
    const what =
      input.type === 'MANUAL_FAILBACK' ? 'manual failback' : `manual switchover to ${input.targetEndpointId}`;
    this.emit({
      action: 'REJECTED',
      trigger: 'MANUAL',
      automatic: false,
      fromEndpointId: this.s.activeEndpointId,
      toEndpointId:
        input.type === 'MANUAL_SWITCHOVER' ? input.targetEndpointId : (topPriority(this.s.endpoints)?.id ?? null),
      requestedBy: input.operator,
      rejection: { code, message },
      reason: `${what} by ${input.operator} refused: ${message}.`,
    });
  }

  private resolvePending(status: CommandOutcomeInput['status'], detail: string | null): void {
    const s = this.s;
    const pending = s.pending;
    if (!pending) return;
    s.pending = null;
    if (status === 'SUCCESS') {
      this.switchCompleted(pending, true);
      return;
    }
    const move = pending.kind === 'FAILOVER' ? 'failover' : pending.kind === 'FAILBACK' ? 'failback' : 'switchover';
    const how = status === 'TIMEOUT' ? 'timed out' : status === 'REJECTED' ? 'was rejected by the sidecar' : 'failed';
    s.phase = this.isBad() ? 'SUSPECT' : 'STEADY';
    const what = `the ${move} to ${pending.targetEndpointId} ${how}${detail ? ` (${detail})` : ''}`;
    if (status === 'REJECTED') {
      // Never executed, so nothing was learned about the target: no mark, and the re-evaluation goes
      // through the gates — under the hold-down this attempt set, so a rejection cannot loop fast.
      this.continuation = { what, bypassGates: false };
      return;
    }
    if (this.isRegistered(pending.targetEndpointId)) {
      observeEndpoint(
        s.endpointHealth,
        pending.targetEndpointId,
        false,
        this.now,
        this.ttl,
        `the ${move} to it ${how}${detail ? ` (${detail})` : ''}`,
        'command',
      );
    }
    if (!s.failedTargets.includes(pending.targetEndpointId)) s.failedTargets.push(pending.targetEndpointId);
    this.continuation = { what, bypassGates: true };
  }

  private switchCompleted(pending: PendingSwitch, verified: boolean): void {
    const s = this.s;
    s.activeEndpointId = pending.targetEndpointId;
    s.activeSince = this.now;
    s.pinned = pending.pinOnSuccess;
    s.openAlert = null;
    s.phase = 'STEADY';
    this.clearBadness();
    if (verified && this.isRegistered(pending.targetEndpointId)) {
      observeEndpoint(
        s.endpointHealth,
        pending.targetEndpointId,
        true,
        this.now,
        this.ttl,
        'carrying the link, switch verified by the sidecar',
        'link',
      );
    }
  }

  private reconcile(link: string, sidecarId: string): void {
    const s = this.s;
    const recorded = s.activeEndpointId;
    s.activeEndpointId = link;
    s.activeSince = this.now;
    s.pinned = null;
    // The open alert stays: the outage is the same one until a healthy report closes it.
    s.shadowMove = null;
    s.phase = 'STEADY';
    this.clearBadness();
    if (recorded === null) return; // first report: learning where the link is, not a change
    const registered = this.isRegistered(link);
    this.emit({
      action: 'RECONCILED',
      trigger: 'SIDECAR_REPORT',
      fromEndpointId: recorded,
      toEndpointId: link,
      requestedBy: sidecarId,
      alert: registered
        ? null
        : {
            severity: 'warning',
            message: `${s.connectionId}: the link is on ${link}, which the registry does not list.`,
          },
      reason: `sidecar ${sidecarId} reports the link on ${describeEndpoint(
        s.endpoints,
        link,
      )} while the controller recorded ${describeEndpoint(
        s.endpoints,
        recorded,
      )}; adopting the sidecar's view because it holds the link (a lost command result, a sidecar restart, or a change made outside Switchyard). No command issued.`,
    });
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  private emit(draft: DecisionDraft): Decision {
    const decision: Decision = {
      decisionId: this.settings.newDecisionId(),
      connectionId: this.s.connectionId,
      decidedAt: this.now,
      epoch: this.s.epoch,
      automatic: draft.trigger !== 'MANUAL',
      fromEndpointId: null,
      toEndpointId: null,
      commandRequired: false,
      shadow: this.shadow,
      strategy: null,
      graceful: false,
      deadline: null,
      holdDownUntil: null,
      requestedBy: null,
      alert: null,
      rejection: null,
      ...draft,
      reason: this.shadow ? `${draft.reason}${SHADOW_SUFFIX}` : draft.reason,
    };
    this.s.lastDecisionAt = this.now;
    this.decisions.push(decision);
    return decision;
  }

  private raise(key: OpenAlert['key'], severity: AlertSeverity): void {
    this.s.openAlert = { key, severity, since: this.now };
  }

  private drop(code: DroppedInput['code'], message: string): void {
    this.dropped = { code, message };
  }

  /** The state as target selection should see it for an immediate retry: failed targets excluded. */
  private withoutFailedTargets(): Pick<ConnectionDecisionState, 'endpoints' | 'activeEndpointId' | 'endpointHealth'> {
    const failed = new Set(this.s.failedTargets);
    return { ...this.s, endpoints: this.s.endpoints.filter((e) => !failed.has(e.id)) };
  }

  private clearBadness(): void {
    const s = this.s;
    s.failedTargets = [];
    s.consecutiveBad = 0;
    s.badSince = null;
    s.lastBad = null;
    s.lastHardSignal = null;
  }

  private isBad(): boolean {
    return this.s.consecutiveBad > 0 || this.s.lastHardSignal !== null;
  }

  private isRegistered(endpointId: string | null): endpointId is string {
    return endpointId !== null && this.s.endpoints.some((e) => e.id === endpointId);
  }

  /**
   * Stale = not newer than the last accepted report: a duplicate or a reordered one. A lower sequence
   * that is later by the sidecar's own clock is a restarted sidecar, whose sequence began again.
   */
  private isStale(sequence: number, reportedAt: number): boolean {
    const s = this.s;
    if (s.lastReportSequence === null || sequence > s.lastReportSequence) return false;
    return !(s.lastReportedAt !== null && Number.isFinite(reportedAt) && reportedAt > s.lastReportedAt);
  }

  private describeTrigger(trigger: DecisionTrigger, request: FailoverRequestDto | undefined): string {
    const s = this.s;
    const active = describeEndpoint(s.endpoints, s.activeEndpointId);
    const last = s.lastBad
      ? `last: status ${s.lastBad.status}, score ${s.lastBad.score}, threshold ${this.policy.scoreThreshold}`
      : null;
    switch (trigger) {
      case 'HARD_SIGNAL': {
        const hard = s.lastHardSignal;
        if (!hard) return `${active} reported a hard signal`;
        const via =
          hard.source === 'request' && request
            ? ` in a failover request from sidecar ${request.sidecarId} ("${request.reason}")`
            : '';
        return `${active} reported ${describeHardSignal(hard.kind, hard.detail)}${via}`;
      }
      case 'HEALTH_THRESHOLD':
        return `${active} failed ${plural(s.consecutiveBad, 'consecutive health report')} (${last ?? 'no score'}; limit ${
          this.policy.consecutiveBadReports
        })`;
      case 'SCORE_DURATION':
        return `${active} has been unhealthy for ${formatDuration(this.now - (s.badSince ?? this.now))} since ${formatTime(
          s.badSince ?? this.now,
        )} (${last ?? 'no score'}; limit ${formatDuration(this.policy.badForMs)})`;
      case 'SIDECAR_REQUEST':
        return request
          ? `sidecar ${request.sidecarId} asked to fail over from ${active}: "${request.reason}"`
          : `a sidecar asked to fail over from ${active}`;
      default:
        return `${active} needs to move`;
    }
  }

  private describeChoice(choice: TargetChoice): string {
    if (!choice.target) return 'no endpoint';
    const target = describeEndpoint(this.s.endpoints, choice.target.id);
    const why =
      choice.suggestionNote === 'as suggested by the sidecar'
        ? `known healthy, as suggested by the sidecar`
        : `the highest-priority endpoint known healthy${choice.suggestionNote ? `; ${choice.suggestionNote}` : ''}`;
    const skipped = choice.skipped.length
      ? ` (passed over: ${choice.skipped.map((k) => `${k.endpointId}, ${k.why}`).join('; ')})`
      : '';
    return `${target}, ${why}${skipped}`;
  }

  private describeHoldDown(holdDown: HoldDown): string {
    if (holdDown.durationMs === 0) return 'No hold-down (holdDownMs is 0).';
    const jitter = holdDown.jitterMs > 0 ? ` + ${formatDuration(holdDown.jitterMs)} jitter` : '';
    return `Flap damping: ${ordinal(holdDown.switchesInWindow)} automatic switch in ${formatDuration(
      this.settings.windowMs,
    )}, so automatic switching is held down for ${formatDuration(holdDown.durationMs)} (${formatDuration(
      holdDown.baseMs,
    )}${jitter}) until ${formatTime(this.now + holdDown.durationMs)}.`;
  }
}
