/**
 * Command: an instruction from the controller to one sidecar. Travels on Kafka `failover-commands`
 * (key = sidecar id), Redis `failover-commands`, and the controller's HTTP command stream; the
 * sidecar executes the first copy and drops the rest by commandId. Fenced by `epoch`, bounded by
 * `deadline`.
 */
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import type { ClassConstructor } from 'class-transformer';
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsAfterField,
  IsConnectionId,
  IsIntIn,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedObject,
  NestedObjectBy,
} from '../common/decorators';
import { validateDto } from '../common/validation';
import {
  COMMAND_TYPES,
  CONNECTIONLESS_COMMAND_TYPES,
  ISSUER_KINDS,
  isCommandType,
  type CommandType,
  type IssuerKind,
} from './command.enums';
import { COMMAND_PARAMS_CLASSES, type CommandParams, type CommandParamsByType } from './command-params.dto';

export class CommandIssuerDto {
  @IsIn(ISSUER_KINDS)
  kind!: IssuerKind;

  /** Controller replica id, or the operator's identity (token id / user). */
  @IsNonBlankString(256)
  id!: string;
}

function paramsClassOf(parent: Record<string, unknown>): ClassConstructor<object> {
  const type = parent['type'];
  return isCommandType(type) ? COMMAND_PARAMS_CLASSES[type] : Object;
}

export class CommandDto {
  /** Idempotency key: a sidecar executes a commandId once. */
  @IsUUID()
  commandId!: string;

  @IsIn(COMMAND_TYPES)
  type!: CommandType;

  @IsSidecarId()
  sidecarId!: string;

  /** Required except for UPDATE_CONFIG and HEALTH_CHECK (which may address the whole sidecar). */
  @ValidateIf(
    (o: CommandDto, v: unknown) =>
      !(CONNECTIONLESS_COMMAND_TYPES as readonly unknown[]).includes(o.type) || v !== undefined,
  )
  @IsConnectionId()
  connectionId?: string;

  /** Connection epoch at issue time; a sidecar rejects commands older than the epoch it holds. */
  @IsIntIn(0)
  epoch!: number;

  @IsUtcTimestamp()
  issuedAt!: string;

  /** After this instant the command must not be started (result TIMEOUT / DEADLINE_EXCEEDED). */
  @IsUtcTimestamp()
  @IsAfterField('issuedAt')
  deadline!: string;

  @NestedObject(() => CommandIssuerDto)
  issuer!: CommandIssuerDto;

  /** Operator-readable reason (the decision engine's explanation). Never card data. */
  @IsNonBlankString(2048)
  reason!: string;

  /** Validated by `type` (see COMMAND_PARAMS_CLASSES); not checked when `type` itself is invalid. */
  @ValidateIf((o: CommandDto) => isCommandType(o.type))
  @NestedObjectBy(paramsClassOf)
  params!: CommandParams;
}

/** A command whose params type follows its `type` (narrow with `if (cmd.type === 'SEND_MESSAGE')`). */
export type Command<K extends CommandType = CommandType> = K extends CommandType
  ? Omit<CommandDto, 'type' | 'params'> & { type: K; params: CommandParamsByType[K] }
  : never;

export function validateCommand(input: unknown): ValidationOutcome<Command> {
  return validateDto(CommandDto, input) as ValidationOutcome<Command>;
}
