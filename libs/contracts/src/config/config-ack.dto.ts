/**
 * Config ack: a sidecar reports that it applied (or rejected) a config version. Travels on Kafka
 * `command-results` as type `config-ack` (key = sidecar id); the controller's rollout status is
 * built from these.
 */
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import { ContractErrorDto } from '../common/contract-error.dto';
import type { ValidationOutcome } from '../common/contract-error';
import { IsIntIn, IsSidecarId, IsUtcTimestamp, NestedArray } from '../common/decorators';
import { validateDto } from '../common/validation';
import { CONFIG_SCOPE_PATTERN, type ConfigScope } from './config.enums';

export const ConfigAckStatus = {
  APPLIED: 'APPLIED',
  REJECTED: 'REJECTED',
} as const;
export type ConfigAckStatus = (typeof ConfigAckStatus)[keyof typeof ConfigAckStatus];
export const CONFIG_ACK_STATUSES: readonly ConfigAckStatus[] = Object.values(ConfigAckStatus);

export class ConfigAckDto {
  @IsIntIn(1)
  version!: number;

  @IsString()
  @Matches(CONFIG_SCOPE_PATTERN, { message: 'scope must be "global" or "connection:<connectionId>"' })
  scope!: ConfigScope;

  @IsSidecarId()
  sidecarId!: string;

  @IsIn(CONFIG_ACK_STATUSES)
  status!: ConfigAckStatus;

  /** Why the document was rejected (validation errors). Required when status is REJECTED. */
  @ValidateIf((o: ConfigAckDto, v: unknown) => o.status === ConfigAckStatus.REJECTED || v !== undefined)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @NestedArray(() => ContractErrorDto)
  errors?: ContractErrorDto[];

  /** When the sidecar applied (or rejected) the version. */
  @IsUtcTimestamp()
  appliedAt!: string;
}

export function validateConfigAck(input: unknown): ValidationOutcome<ConfigAckDto> {
  return validateDto(ConfigAckDto, input);
}
