/**
 * Connection lifecycle event: registration, establishment, status changes and the phases of a
 * failover as the sidecar executes it. Travels on Kafka `connection-events` (key = connection id).
 */
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsConnectionId,
  IsEndpointId,
  IsIntIn,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedObject,
  Optional,
} from '../common/decorators';
import { validateDto } from '../common/validation';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../health/health.enums';

export const ConnectionEventKind = {
  REGISTERED: 'REGISTERED',
  ESTABLISHING: 'ESTABLISHING',
  ESTABLISHED: 'ESTABLISHED',
  STATE_CHANGED: 'STATE_CHANGED',
  CLOSED: 'CLOSED',
  FAILOVER_STARTED: 'FAILOVER_STARTED',
  FAILOVER_PHASE: 'FAILOVER_PHASE',
  FAILOVER_COMPLETED: 'FAILOVER_COMPLETED',
  FAILOVER_FAILED: 'FAILOVER_FAILED',
  DEREGISTERED: 'DEREGISTERED',
} as const;
export type ConnectionEventKind = (typeof ConnectionEventKind)[keyof typeof ConnectionEventKind];
export const CONNECTION_EVENT_KINDS: readonly ConnectionEventKind[] = Object.values(ConnectionEventKind);

/** The failover executor's phases (seed: assess → select strategy → pre → main → post). */
export const FailoverPhaseName = {
  ASSESS: 'ASSESS',
  SELECT_STRATEGY: 'SELECT_STRATEGY',
  PRE: 'PRE',
  MAIN: 'MAIN',
  POST: 'POST',
} as const;
export type FailoverPhaseName = (typeof FailoverPhaseName)[keyof typeof FailoverPhaseName];
export const FAILOVER_PHASE_NAMES: readonly FailoverPhaseName[] = Object.values(FailoverPhaseName);

export const PhaseOutcome = {
  SUCCESS: 'SUCCESS',
  FAILED: 'FAILED',
  SKIPPED: 'SKIPPED',
} as const;
export type PhaseOutcome = (typeof PhaseOutcome)[keyof typeof PhaseOutcome];
export const PHASE_OUTCOMES: readonly PhaseOutcome[] = Object.values(PhaseOutcome);

export class FailoverPhaseDto {
  @IsIn(FAILOVER_PHASE_NAMES)
  name!: FailoverPhaseName;

  @IsIn(PHASE_OUTCOMES)
  outcome!: PhaseOutcome;

  @IsIntIn(0)
  durationMs!: number;
}

export class ConnectionEventDto {
  @IsConnectionId()
  connectionId!: string;

  @IsSidecarId()
  sidecarId!: string;

  @IsIn(CONNECTION_EVENT_KINDS)
  event!: ConnectionEventKind;

  @Optional()
  @IsIn(CONNECTION_STATUSES)
  fromStatus?: ConnectionStatus;

  /** Required on STATE_CHANGED. */
  @ValidateIf((o: ConnectionEventDto, v: unknown) => o.event === ConnectionEventKind.STATE_CHANGED || v !== undefined)
  @IsIn(CONNECTION_STATUSES)
  toStatus?: ConnectionStatus;

  /** The endpoint the event concerns (the one established, closed, or failed over to). */
  @Optional()
  @IsEndpointId()
  endpointId?: string;

  /** Operator-readable detail. Never card data. */
  @Optional()
  @IsNonBlankString(2048)
  detail?: string;

  @IsUtcTimestamp()
  occurredAt!: string;

  /** Required on FAILOVER_PHASE (and optionally on FAILOVER_COMPLETED / FAILOVER_FAILED: the last phase). */
  @ValidateIf((o: ConnectionEventDto, v: unknown) => o.event === ConnectionEventKind.FAILOVER_PHASE || v !== undefined)
  @NestedObject(() => FailoverPhaseDto)
  phase?: FailoverPhaseDto;

  /** The controller's failover event this belongs to (from TRIGGER_FAILOVER params), if any. */
  @Optional()
  @IsUUID()
  failoverEventId?: string;

  @Optional()
  @IsIntIn(0)
  epoch?: number;
}

export function validateConnectionEvent(input: unknown): ValidationOutcome<ConnectionEventDto> {
  return validateDto(ConnectionEventDto, input);
}
