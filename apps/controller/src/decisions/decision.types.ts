/**
 * Vocabulary of the failover decision engine: the per-connection state it persists (jsonb in
 * PostgreSQL, so any replica can continue), the inputs it reacts to, and the decisions it returns.
 *
 * Only `import type` from the contracts: the engine has no runtime dependency beyond the language.
 * Every field of the state is JSON (numbers are epoch milliseconds, absent values are null).
 */
import type {
  CommandStatus,
  ConnectionStatus,
  EndpointDto,
  FailoverRequestDto,
  FailoverStrategy,
  HardSignalKind,
  HealthReportDto,
} from '@switchyard/contracts';

/** The engine's view of an endpoint: the registry's endpoint without transport details. */
export type DecisionEndpoint = Pick<EndpointDto, 'id' | 'priority' | 'role' | 'host' | 'port'>;

/**
 * STEADY: the active endpoint is healthy (or nothing is known against it).
 * SUSPECT: bad reports are accumulating, or a move is wanted but a gate (dwell, hold-down) holds it.
 * SWITCHING: a commanded switch is in flight (`pending`).
 * FAILED: a move is wanted and no endpoint is known healthy; the link stays where it is.
 */
export type DecisionPhase = 'STEADY' | 'SUSPECT' | 'SWITCHING' | 'FAILED';

/** What the engine last learned about one endpoint (from probes, reports, and command outcomes). */
export interface EndpointHealthRecord {
  healthy: boolean;
  /** When the current `healthy` value started (continuity is broken by a gap longer than the TTL). */
  since: number;
  /** When it was last observed, in controller time. Older than the TTL = unknown. */
  lastSeenAt: number;
  /** Operator words for the last observation, e.g. "unreachable at its last probe". */
  detail: string;
  /** Where it came from: a probe, the report of the link it carries, or a switch to it that failed. */
  source: 'probe' | 'link' | 'command';
}

export interface HardSignalRecord {
  kind: HardSignalKind;
  detail: string;
  at: number;
  /** 'report' (health report) or 'request' (sidecar failover request). */
  source: 'report' | 'request';
}

/** The last bad report on the active endpoint, kept for reasons and for the command strategy. */
export interface BadReportRecord {
  status: ConnectionStatus;
  score: number;
  applicationDown: boolean;
  networkDown: boolean;
  at: number;
}

export type SwitchKind = 'FAILOVER' | 'SWITCHOVER' | 'FAILBACK';

/** A commanded switch in flight. Blocks automatic decisions until its outcome or deadline. */
export interface PendingSwitch {
  decisionId: string;
  kind: SwitchKind;
  automatic: boolean;
  trigger: DecisionTrigger;
  fromEndpointId: string | null;
  targetEndpointId: string;
  startedAt: number;
  deadline: number;
  /** Set for a manual switchover away from the top-priority endpoint: pins the link there on success. */
  pinOnSuccess: PinRecord | null;
}

/** An operator's switchover pins the link: automatic failback will not undo it. */
export interface PinRecord {
  endpointId: string;
  operator: string;
  reason: string;
  at: number;
}

/** SHADOW mode: the move last recorded but not made, so it is not recorded again while the sidecar stays put. */
export interface ShadowMove {
  kind: SwitchKind;
  fromEndpointId: string | null;
  toEndpointId: string;
  at: number;
}

/** An alert the engine has raised and not yet cleared; the same alert is never raised twice in a row. */
export interface OpenAlert {
  key: 'NO_HEALTHY_TARGET' | 'HOLD_DOWN' | 'MIN_DWELL';
  severity: AlertSeverity;
  since: number;
}

export interface ConnectionDecisionState {
  connectionId: string;
  /** Sorted by priority (0 = primary), ties by id. */
  endpoints: DecisionEndpoint[];
  activeEndpointId: string | null;
  /** Fencing epoch. The engine never bumps it: the caller does, in the compare-and-set that commits a command. */
  epoch: number;
  phase: DecisionPhase;
  maintenance: boolean;
  consecutiveBad: number;
  badSince: number | null;
  lastBad: BadReportRecord | null;
  lastHardSignal: HardSignalRecord | null;
  lastReportSequence: number | null;
  /** The sidecar's own `reportedAt` of the last accepted report (a lower sequence with a later time = sidecar restart). */
  lastReportedAt: number | null;
  lastReportSidecarId: string | null;
  /** Controller time of the last accepted report or failover request: evidence older than the TTL is not acted on. */
  lastHeardAt: number | null;
  activeSince: number;
  endpointHealth: Record<string, EndpointHealthRecord>;
  /** Automatic switches decided inside the flap window (controller time). */
  recentFailovers: number[];
  /**
   * Endpoints a switch failed to in the current incident (cleared when the link is healthy or moves).
   * The immediate retry after a failed command only goes to endpoints not in here, so a chain of
   * failures tries each endpoint once and then waits for the hold-down, however quickly probes
   * call the failed ones healthy again.
   */
  failedTargets: string[];
  holdDownUntil: number | null;
  pending: PendingSwitch | null;
  pinned: PinRecord | null;
  openAlert: OpenAlert | null;
  shadowMove: ShadowMove | null;
  lastDecisionAt: number | null;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface HealthReportInput {
  type: 'HEALTH_REPORT';
  report: HealthReportDto;
}

/** A sidecar asks for a failover (`POST /connections/{id}/failover`); the controller decides. */
export interface FailoverRequestInput {
  type: 'FAILOVER_REQUEST';
  request: FailoverRequestDto;
}

export interface ManualSwitchoverInput {
  type: 'MANUAL_SWITCHOVER';
  targetEndpointId: string;
  operator: string;
  reason: string;
  /** Switch even to an endpoint known bad, or while another switch is in flight. */
  force?: boolean;
}

export interface ManualFailbackInput {
  type: 'MANUAL_FAILBACK';
  operator: string;
  reason: string;
  force?: boolean;
}

export interface MaintenanceInput {
  type: 'MAINTENANCE';
  on: boolean;
  operator: string;
  reason: string;
}

/** The result of the TRIGGER_FAILOVER command a decision asked for (statuses as in CommandResultDto). */
export interface CommandOutcomeInput {
  type: 'COMMAND_OUTCOME';
  decisionId: string;
  status: CommandStatus;
  detail?: string;
}

/** Time passing: duration hysteresis, hold-down expiry, failback dwell, command deadlines. */
export interface TickInput {
  type: 'TICK';
}

export type DecisionInput =
  | HealthReportInput
  | FailoverRequestInput
  | ManualSwitchoverInput
  | ManualFailbackInput
  | MaintenanceInput
  | CommandOutcomeInput
  | TickInput;

// ---------------------------------------------------------------------------------------------
// Decisions

/**
 * FAILOVER / SWITCHOVER / FAILBACK: move the link (a command when ACTIVE, a record when SHADOW).
 * MARK_FAILED: a move is needed and no endpoint is known healthy; stay, alert.
 * SUPPRESSED: a move is needed but flap damping or the minimum dwell holds it; alert once.
 * RECOVERED: the active endpoint is healthy again; clears the open alert.
 * RECONCILED: the sidecar holds the link on another endpoint than recorded; its view is adopted.
 * REJECTED: an operator request refused (the API turns `rejection` into a problem+json).
 */
export type DecisionAction =
  'FAILOVER' | 'SWITCHOVER' | 'FAILBACK' | 'MARK_FAILED' | 'SUPPRESSED' | 'RECOVERED' | 'RECONCILED' | 'REJECTED';

export type DecisionTrigger =
  | 'HEALTH_THRESHOLD'
  | 'SCORE_DURATION'
  | 'HARD_SIGNAL'
  | 'SIDECAR_REQUEST'
  | 'MANUAL'
  | 'AUTO_FAILBACK'
  | 'COMMAND_FAILED'
  | 'SIDECAR_REPORT';

export type AlertSeverity = 'critical' | 'warning';

export interface DecisionAlert {
  severity: AlertSeverity;
  message: string;
}

/** Why an operator request was refused; `code` maps to an HTTP status in the API. */
export type RejectionCode = 'UNKNOWN_ENDPOINT' | 'ALREADY_ACTIVE' | 'TARGET_UNHEALTHY' | 'SWITCH_IN_FLIGHT';

export interface Rejection {
  code: RejectionCode;
  message: string;
}

export interface Decision {
  decisionId: string;
  connectionId: string;
  decidedAt: number;
  /** The epoch the decision was taken at: commit with compare-and-set epoch → epoch + 1. */
  epoch: number;
  action: DecisionAction;
  trigger: DecisionTrigger;
  /** True for triggers the engine raised itself (not MANUAL). */
  automatic: boolean;
  fromEndpointId: string | null;
  toEndpointId: string | null;
  /** The caller must issue TRIGGER_FAILOVER to `toEndpointId` and bump the epoch in the same transaction. */
  commandRequired: boolean;
  /** SHADOW mode: recorded, never commanded. */
  shadow: boolean;
  /** Strategy and style of the command (also filled in shadow: what would have been sent). */
  strategy: FailoverStrategy | null;
  graceful: boolean;
  /** Command deadline (controller time); null when nothing is commanded. */
  deadline: number | null;
  /** Hold-down in force after this decision (automatic moves only). */
  holdDownUntil: number | null;
  requestedBy: string | null;
  alert: DecisionAlert | null;
  rejection: Rejection | null;
  /** What was seen, the numbers, and why this outcome — in an operator's words. */
  reason: string;
}

/** An input the engine did not use, and why (for logs and metrics, not for the audit trail). */
export interface DroppedInput {
  code: 'STALE_REPORT' | 'CONNECTION_MISMATCH' | 'UNKNOWN_DECISION';
  message: string;
}

export interface DecisionResult {
  state: ConnectionDecisionState;
  /**
   * Usually zero or one. Two when one input both resolves something and decides (a command deadline
   * passed and the next target is chosen; the sidecar moved on its own and its new link is failing).
   * At most one decision requires a command.
   */
  decisions: Decision[];
  dropped: DroppedInput | null;
}

export interface DecisionEngineDeps {
  /** Controller time, epoch ms. */
  now: () => number;
  /** Uniform in [0, 1), for hold-down jitter. */
  random: () => number;
  /** Decision ids (UUIDs: they become failoverEventId in TRIGGER_FAILOVER). Default crypto.randomUUID. */
  newDecisionId?: () => string;
  /** A probe result or report older than this is unknown. Default 30 s. */
  endpointHealthTtlMs?: number;
  /** Window for counting repeated automatic switches (flap damping). Default 15 min. */
  failoverWindowMs?: number;
}

export const DEFAULT_ENDPOINT_HEALTH_TTL_MS = 30_000;
export const DEFAULT_FAILOVER_WINDOW_MS = 15 * 60_000;
/** Hold-down jitter: up to +20 % of the computed hold-down (still capped at holdDownMaxMs). */
export const HOLD_DOWN_JITTER_RATIO = 0.2;
