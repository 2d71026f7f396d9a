/**
 * Config document: versioned settings for connections, health checks and failover, validated by the
 * same class on the controller (before publishing) and on the sidecar (before applying). Travels on
 * the compacted Kafka topic `config-updates` (key = scope), in `UPDATE_CONFIG` commands, from
 * `GET /api/v1/config`, in `/shared/config.yaml`, and to the app on `PUT /config`.
 */
import { IsBoolean, IsIn, IsString, Matches, ValidateBy, type ValidationArguments } from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import { IsAtLeastField, IsAtMostField, IsIntIn, NestedObject } from '../common/decorators';
import { validateDto } from '../common/validation';
import {
  CONFIG_SCOPE_PATTERN,
  FAILOVER_MODES,
  FRAMINGS,
  type ConfigScope,
  type FailoverMode,
  type Framing,
} from './config.enums';

/** Lower bound for every interval/timeout: anything faster is a typo that would flood the link. */
export const MIN_INTERVAL_MS = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export class ConnectionSettingsDto {
  @IsIntIn(MIN_INTERVAL_MS, 5 * 60_000)
  connectTimeoutMs!: number;

  @IsIntIn(MIN_INTERVAL_MS, 5 * 60_000)
  requestTimeoutMs!: number;

  @IsIn(FRAMINGS)
  framing!: Framing;

  /** Name of the ISO 8583 field spec (libs/iso8583), e.g. "iso87ascii" (shipped: iso87ascii, iso87binary, iso93ascii, iso87ascii-postilion). */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'spec must be an ISO 8583 spec name (lower-case letters, digits, ".", "_", "-")',
  })
  spec!: string;

  /** Send 0800 echo keep-alives (also the protocol health check). */
  @IsBoolean()
  echoEnabled!: boolean;
}

/** Weight of each layer in the health score; the four must sum to 100. */
export class LayerWeightsDto {
  @IsIntIn(0, 100)
  application!: number;

  @IsIntIn(0, 100)
  network!: number;

  @IsIntIn(0, 100)
  protocol!: number;

  @IsIntIn(0, 100)
  resources!: number;
}

function weightsSum(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const w = value as Record<string, unknown>;
  const parts = [w['application'], w['network'], w['protocol'], w['resources']];
  if (!parts.every((p) => typeof p === 'number' && Number.isFinite(p))) return undefined;
  return (parts as number[]).reduce((a, b) => a + b, 0);
}

function SumsTo100(): PropertyDecorator {
  return ValidateBy({
    name: 'weightsSumTo100',
    validator: {
      // Individual bad weights are reported on their own paths; the sum is checked once they are numbers.
      validate: (value: unknown) => {
        const sum = weightsSum(value);
        return sum === undefined || sum === 100;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `layer weights (application + network + protocol + resources) must sum to 100, got ${weightsSum(args?.value)}`,
    },
  });
}

export class HealthSettingsDto {
  @IsIntIn(MIN_INTERVAL_MS, HOUR_MS)
  applicationIntervalMs!: number;

  @IsIntIn(MIN_INTERVAL_MS, HOUR_MS)
  networkIntervalMs!: number;

  @IsIntIn(MIN_INTERVAL_MS, HOUR_MS)
  protocolIntervalMs!: number;

  @IsIntIn(MIN_INTERVAL_MS, HOUR_MS)
  resourcesIntervalMs!: number;

  /** An echo unanswered after this long is an ECHO_TIMEOUT hard signal. At most protocolIntervalMs. */
  @IsIntIn(MIN_INTERVAL_MS, 5 * 60_000)
  @IsAtMostField('protocolIntervalMs')
  echoTimeoutMs!: number;

  @SumsTo100()
  @NestedObject(() => LayerWeightsDto)
  weights!: LayerWeightsDto;
}

export class FailoverSettingsDto {
  /** Fail over after N consecutive bad reports… */
  @IsIntIn(1, 1000)
  consecutiveBadReports!: number;

  /** …or when the score stays under this threshold… */
  @IsIntIn(0, 100)
  scoreThreshold!: number;

  /** …for at least this long. */
  @IsIntIn(0, DAY_MS)
  badForMs!: number;

  /** Flap damping: no new failover for this long after one; doubles with repeated failovers… */
  @IsIntIn(0, DAY_MS)
  holdDownMs!: number;

  /** …up to this cap. */
  @IsIntIn(0, DAY_MS)
  @IsAtLeastField('holdDownMs')
  holdDownMaxMs!: number;

  /** Minimum time on an endpoint before moving again (except on a hard signal). */
  @IsIntIn(0, DAY_MS)
  minDwellMs!: number;

  /** Move back to a higher-priority endpoint once it has been healthy for failbackDwellMs. */
  @IsBoolean()
  autoFailback!: boolean;

  @IsIntIn(0, DAY_MS)
  failbackDwellMs!: number;

  /** Deadline given to failover commands; unacked commands are failed after it. */
  @IsIntIn(1000, HOUR_MS)
  commandDeadlineMs!: number;

  @IsIn(FAILOVER_MODES)
  mode!: FailoverMode;
}

export class ConfigDocumentDto {
  /** Monotonic per scope; sidecars ack the version they applied. */
  @IsIntIn(1)
  version!: number;

  @IsString()
  @Matches(CONFIG_SCOPE_PATTERN, { message: 'scope must be "global" or "connection:<connectionId>"' })
  scope!: ConfigScope;

  @NestedObject(() => ConnectionSettingsDto)
  connection!: ConnectionSettingsDto;

  @NestedObject(() => HealthSettingsDto)
  health!: HealthSettingsDto;

  @NestedObject(() => FailoverSettingsDto)
  failover!: FailoverSettingsDto;
}

export function validateConfigDocument(input: unknown): ValidationOutcome<ConfigDocumentDto> {
  return validateDto(ConfigDocumentDto, input);
}
