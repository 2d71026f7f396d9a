/**
 * Command result: what a sidecar did with a command. Travels on Kafka `command-results`
 * (key = sidecar id) and over REST in direct mode. One per commandId; a duplicate delivery of an
 * executed command yields REJECTED / DUPLICATE carrying the same commandId.
 */
import { ArrayMaxSize, IsIn, IsObject, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsConnectionId,
  IsIntIn,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedArray,
  NestedObject,
  Optional,
} from '../common/decorators';
import { TRANSPORTS, type Transport } from '../common/transport';
import { validateDto } from '../common/validation';
import { PHASE_OUTCOMES, type PhaseOutcome } from '../connection-events/connection-event.dto';
import {
  COMMAND_ERROR_CODES,
  COMMAND_STATUSES,
  COMMAND_TYPES,
  CommandStatus,
  type CommandErrorCode,
  type CommandType,
} from './command.enums';

export class CommandErrorDto {
  @IsIn(COMMAND_ERROR_CODES)
  code!: CommandErrorCode;

  /** Operator-readable. Never card data. */
  @IsNonBlankString(2048)
  message!: string;
}

export class CommandPhaseTimingDto {
  /** Phase name: a FailoverPhaseName for TRIGGER_FAILOVER, free text (e.g. "sign-on") otherwise. */
  @IsString()
  @Length(1, 64)
  name!: string;

  @IsUtcTimestamp()
  startedAt!: string;

  @IsIntIn(0)
  durationMs!: number;

  @IsIn(PHASE_OUTCOMES)
  outcome!: PhaseOutcome;

  @Optional()
  @IsNonBlankString(2048)
  detail?: string;
}

export class CommandTimingsDto {
  @IsUtcTimestamp()
  receivedAt!: string;

  /** Absent when the command was rejected before it started. */
  @Optional()
  @IsUtcTimestamp()
  startedAt?: string;

  @IsUtcTimestamp()
  finishedAt!: string;

  @IsIntIn(0)
  durationMs!: number;

  @Optional()
  @ArrayMaxSize(32)
  @NestedArray(() => CommandPhaseTimingDto)
  phases?: CommandPhaseTimingDto[];
}

export class CommandResultDto {
  @IsUUID()
  commandId!: string;

  @IsSidecarId()
  sidecarId!: string;

  @Optional()
  @IsConnectionId()
  connectionId?: string;

  @IsIn(COMMAND_TYPES)
  type!: CommandType;

  @IsIn(COMMAND_STATUSES)
  status!: CommandStatus;

  /** Required when status is FAILED, REJECTED or TIMEOUT. */
  @ValidateIf(
    (o: CommandResultDto, v: unknown) =>
      (COMMAND_STATUSES.includes(o.status) && o.status !== CommandStatus.SUCCESS) || v !== undefined,
  )
  @NestedObject(() => CommandErrorDto)
  error?: CommandErrorDto;

  @NestedObject(() => CommandTimingsDto)
  timings!: CommandTimingsDto;

  /** The path the executed copy arrived on. */
  @IsIn(TRANSPORTS)
  deliveredVia!: Transport;

  /** The epoch the sidecar held when it handled the command. */
  @Optional()
  @IsIntIn(0)
  epoch?: number;

  /** Command-specific output (e.g. SEND_MESSAGE: the response mti/fields/rttMs). May carry card data. */
  @Optional()
  @IsObject()
  output?: Record<string, unknown>;
}

export function validateCommandResult(input: unknown): ValidationOutcome<CommandResultDto> {
  return validateDto(CommandResultDto, input);
}
