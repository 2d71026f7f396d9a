/**
 * Sidecar heartbeat: membership liveness (the controller expires sidecars whose heartbeats stop) plus
 * a one-line summary per connection. Travels on Kafka `connection-events` as type `sidecar-heartbeat`
 * (key = sidecar id) and over REST in direct mode.
 */
import { ArrayMaxSize, IsIn, IsString, Length } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  HasUniqueKey,
  IsConnectionId,
  IsEndpointId,
  IsIntIn,
  IsSidecarId,
  IsUtcTimestamp,
  NestedArray,
  Optional,
} from '../common/decorators';
import { validateDto } from '../common/validation';
import { CONNECTION_STATUSES, type ConnectionStatus } from '../health/health.enums';

export class HeartbeatConnectionDto {
  @IsConnectionId()
  connectionId!: string;

  @IsIn(CONNECTION_STATUSES)
  status!: ConnectionStatus;

  @Optional()
  @IsIntIn(0, 100)
  score?: number;

  @Optional()
  @IsEndpointId()
  activeEndpointId?: string;

  @Optional()
  @IsIntIn(0)
  epoch?: number;
}

export class SidecarHeartbeatDto {
  @IsSidecarId()
  sidecarId!: string;

  @IsUtcTimestamp()
  sentAt!: string;

  @IsIntIn(0)
  uptimeMs!: number;

  @IsString()
  @Length(1, 64)
  version!: string;

  /** Last config version applied, if any (rollout status). */
  @Optional()
  @IsIntIn(1)
  configVersion?: number;

  @ArrayMaxSize(256)
  @HasUniqueKey('connectionId')
  @NestedArray(() => HeartbeatConnectionDto)
  connections!: HeartbeatConnectionDto[];
}

export function validateSidecarHeartbeat(input: unknown): ValidationOutcome<SidecarHeartbeatDto> {
  return validateDto(SidecarHeartbeatDto, input);
}
