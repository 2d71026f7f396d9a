/**
 * Health report: the sidecar's four-layer view of one connection. Travels on Kafka `health-reports`
 * (key = connection id), Redis `health-events`, and as the body of `PUT /api/v1/connections/{id}/health`.
 */
import { ArrayMaxSize, IsBoolean, IsIn, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  IsConnectionId,
  IsEndpointId,
  IsIntIn,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedArray,
  NestedObject,
  Optional,
  HasUniqueKey,
} from '../common/decorators';
import { validateDto } from '../common/validation';
import { fastHealthReport } from './health-report.fast';
import {
  CONNECTION_STATUSES,
  HARD_SIGNAL_KINDS,
  LAYER_STATUSES,
  SOCKET_STATES,
  type ConnectionStatus,
  type HardSignalKind,
  type LayerStatus,
  type SocketState,
} from './health.enums';

/** Fields every layer has. */
export abstract class LayerHealthDto {
  @IsIn(LAYER_STATUSES)
  status!: LayerStatus;

  @IsUtcTimestamp()
  checkedAt!: string;

  /** Time the check itself took. Absent when the layer has not been measured (status UNKNOWN). */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  latencyMs?: number;
}

/** Layer 1: the client application's own health endpoint (`/actuator/health` or `/health`). */
export class ApplicationLayerDto extends LayerHealthDto {
  @Optional()
  @IsIntIn(100, 599)
  httpStatus?: number;
}

/** Layer 2: TCP reachability of the active endpoint and the state of the link's socket. */
export class NetworkLayerDto extends LayerHealthDto {
  @IsBoolean()
  reachable!: boolean;

  @Optional()
  @IsIn(SOCKET_STATES)
  socketState?: SocketState;

  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  connectLatencyMs?: number;
}

/** Layer 3: ISO 8583 network-management echo (0800 → 0810). */
export class ProtocolLayerDto extends LayerHealthDto {
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  echoRttMs?: number;

  /** Field 39 of the 0810, e.g. "00". */
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Za-z]{2}$/, { message: 'responseCode must be a two-character ISO 8583 response code' })
  responseCode?: string;

  /** The response MTI was the expected 0810 (format check). */
  @Optional()
  @IsBoolean()
  mtiOk?: boolean;

  /** The response's STAN (field 11) matched the request's. */
  @Optional()
  @IsBoolean()
  stanMatched?: boolean;

  @IsIntIn(0)
  consecutiveTimeouts!: number;
}

/** Layer 4: resources of the client application process / pod. */
export class ResourcesLayerDto extends LayerHealthDto {
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  eventLoopLagMs?: number;

  @Optional()
  @IsIntIn(0)
  rssBytes?: number;

  @Optional()
  @IsIntIn(0)
  heapUsedBytes?: number;

  /** Percent of one core; may exceed 100 on several cores. */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10000)
  cpuPercent?: number;
}

export class HealthLayersDto {
  @NestedObject(() => ApplicationLayerDto)
  application!: ApplicationLayerDto;

  @NestedObject(() => NetworkLayerDto)
  network!: NetworkLayerDto;

  @NestedObject(() => ProtocolLayerDto)
  protocol!: ProtocolLayerDto;

  @NestedObject(() => ResourcesLayerDto)
  resources!: ResourcesLayerDto;
}

export class HardSignalDto {
  @IsIn(HARD_SIGNAL_KINDS)
  kind!: HardSignalKind;

  /** Operator-readable detail (e.g. "ECONNRESET from 10.0.0.5:8583"). Never card data. */
  @IsNonBlankString(1024)
  detail!: string;

  @IsUtcTimestamp()
  observedAt!: string;
}

/** One endpoint's probe result, so the controller only fails over to endpoints known healthy. */
export class EndpointProbeDto {
  @IsEndpointId()
  endpointId!: string;

  @IsBoolean()
  reachable!: boolean;

  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  echoRttMs?: number;

  @IsUtcTimestamp()
  checkedAt!: string;
}

export class HealthReportDto {
  @IsConnectionId()
  connectionId!: string;

  @IsSidecarId()
  sidecarId!: string;

  @IsIn(CONNECTION_STATUSES)
  status!: ConnectionStatus;

  /** Weighted layer score with hard-fail rules, 0 (dead) – 100 (perfect). */
  @IsIntIn(0, 100)
  score!: number;

  @IsEndpointId()
  activeEndpointId!: string;

  @NestedObject(() => HealthLayersDto)
  layers!: HealthLayersDto;

  @Optional()
  @NestedObject(() => HardSignalDto)
  hardSignal?: HardSignalDto;

  @Optional()
  @ArrayMaxSize(32)
  @HasUniqueKey('endpointId')
  @NestedArray(() => EndpointProbeDto)
  endpoints?: EndpointProbeDto[];

  /** Monotonic per connection (per sidecar run): the controller drops reports older than the last seen. */
  @IsIntIn(0)
  sequence!: number;

  /** The connection epoch the sidecar currently holds (fencing), when it knows one. */
  @Optional()
  @IsIntIn(0)
  epoch?: number;

  /** When the report was assembled (reports also travel without an envelope, over REST). */
  @IsUtcTimestamp()
  reportedAt!: string;
}

/** Validate a health report (Kafka payload or the body of `PUT /connections/{id}/health`). */
export function validateHealthReport(input: unknown): ValidationOutcome<HealthReportDto> {
  // Thousands a second: the compiled fast path accepts what is certainly valid; anything else
  // gets the full validation, which decides and names the errors (health-report.fast.ts).
  const fast = fastHealthReport(input);
  return fast !== undefined ? { ok: true, value: fast } : validateDto(HealthReportDto, input);
}
