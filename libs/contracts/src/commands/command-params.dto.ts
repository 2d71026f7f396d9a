/**
 * Typed parameters of each command type. CommandDto picks the class by its `type`, so a
 * TRIGGER_FAILOVER with CLOSE_CONNECTION's params fails on `params.targetEndpointId` (missing) and
 * `params.…` (unknown fields).
 */
import {
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import type { ClassConstructor } from 'class-transformer';
import { IsEndpointId, IsIntIn, IsStringMap, NestedObject, Optional } from '../common/decorators';
import { EndpointDto } from '../common/endpoint.dto';
import { ConfigDocumentDto } from '../config/config-document.dto';
import { HEALTH_LAYERS, type HealthLayer } from '../health/health.enums';
import { CommandType, FAILOVER_STRATEGIES, type FailoverStrategy } from './command.enums';

/** ISO 8583 field map rule: data element number (2-192; 0/1 are MTI and bitmap) → value. */
export const ISO_FIELDS_RULE = {
  keyDescription: 'an ISO 8583 field number from 2 to 192',
  isKey: (key: string): boolean => /^[1-9][0-9]{0,2}$/.test(key) && Number(key) >= 2 && Number(key) <= 192,
  maxKeys: 191,
  maxValueLength: 4096,
};

export const MTI_PATTERN = /^[0-9]{4}$/;

export class EstablishConnectionParamsDto {
  @NestedObject(() => EndpointDto)
  endpoint!: EndpointDto;

  /** Send a sign-on (0800, field 70 = 001) once connected. */
  @IsBoolean()
  signOn!: boolean;
}

export class CloseConnectionParamsDto {
  /** Let in-flight requests finish (up to drainTimeoutMs) and sign off before closing. */
  @IsBoolean()
  graceful!: boolean;

  @IsIntIn(0, 10 * 60_000)
  drainTimeoutMs!: number;
}

export class SendMessageParamsDto {
  @IsString()
  @Matches(MTI_PATTERN, { message: 'mti must be 4 digits, e.g. 0800' })
  mti!: string;

  /** Field number → value as the app's local API takes it. May carry card data: log only via safe views. */
  @IsStringMap(ISO_FIELDS_RULE)
  fields!: Record<string, string>;

  @IsIntIn(1, 5 * 60_000)
  timeoutMs!: number;
}

function matchesConfigVersion(): PropertyDecorator {
  return ValidateBy({
    name: 'matchesConfigVersion',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const config = (args?.object as { config?: { version?: unknown } } | undefined)?.config;
        return typeof config?.version !== 'number' || config.version === value;
      },
      defaultMessage: () => 'version must equal config.version',
    },
  });
}

export class UpdateConfigParamsDto {
  @IsIntIn(1)
  @matchesConfigVersion()
  version!: number;

  @NestedObject(() => ConfigDocumentDto)
  config!: ConfigDocumentDto;
}

export class TriggerFailoverParamsDto {
  @IsEndpointId()
  targetEndpointId!: string;

  @IsIn(FAILOVER_STRATEGIES)
  strategy!: FailoverStrategy;

  @IsBoolean()
  graceful!: boolean;

  @IsIntIn(0, 10 * 60_000)
  drainTimeoutMs!: number;

  /** The controller's failover event (audit record) this command executes. */
  @IsUUID()
  failoverEventId!: string;
}

export class HealthCheckParamsDto {
  /** Layers to check now; all four when absent. */
  @Optional()
  @ArrayUnique()
  @IsIn(HEALTH_LAYERS, { each: true })
  layers?: HealthLayer[];
}

export interface CommandParamsByType {
  ESTABLISH_CONNECTION: EstablishConnectionParamsDto;
  CLOSE_CONNECTION: CloseConnectionParamsDto;
  SEND_MESSAGE: SendMessageParamsDto;
  UPDATE_CONFIG: UpdateConfigParamsDto;
  TRIGGER_FAILOVER: TriggerFailoverParamsDto;
  HEALTH_CHECK: HealthCheckParamsDto;
}

export type CommandParams = CommandParamsByType[keyof CommandParamsByType];

/** The params class of each command type (the discriminator table). */
export const COMMAND_PARAMS_CLASSES: { [K in CommandType]: ClassConstructor<CommandParamsByType[K]> } = {
  [CommandType.ESTABLISH_CONNECTION]: EstablishConnectionParamsDto,
  [CommandType.CLOSE_CONNECTION]: CloseConnectionParamsDto,
  [CommandType.SEND_MESSAGE]: SendMessageParamsDto,
  [CommandType.UPDATE_CONFIG]: UpdateConfigParamsDto,
  [CommandType.TRIGGER_FAILOVER]: TriggerFailoverParamsDto,
  [CommandType.HEALTH_CHECK]: HealthCheckParamsDto,
};
