/**
 * Sidecar registration: sent when a sidecar starts (pod start) and after it reconnects, listing the
 * connections its application holds. Travels on Kafka `connection-events` as type
 * `sidecar-registration` (key = sidecar id) and over REST in direct mode.
 */
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsString,
  IsUrl,
  Length,
  Matches,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import type { ValidationOutcome } from '../common/contract-error';
import {
  HasUniqueKey,
  IsConnectionId,
  IsEndpointId,
  IsSidecarId,
  IsStringMap,
  IsUtcTimestamp,
  NestedArray,
  Optional,
  RefersToItemIn,
} from '../common/decorators';
import { EndpointDto } from '../common/endpoint.dto';
import { sidecarIdOf } from '../common/identifiers';
import { TRANSPORTS, type Transport } from '../common/transport';
import { validateDto } from '../common/validation';

/** Metadata map rule: short keys, short string values. */
export const METADATA_RULE = {
  keyDescription: 'a metadata key (1-64 characters: letters, digits, ".", "_", "-", "/")',
  isKey: (key: string): boolean => /^[A-Za-z0-9._/-]{1,64}$/.test(key),
  maxKeys: 64,
  maxValueLength: 1024,
};

/** One connection as a sidecar declares it: its endpoints in priority order and the active one. */
export class RegisteredConnectionDto {
  @IsConnectionId()
  connectionId!: string;

  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @HasUniqueKey('id')
  @NestedArray(() => EndpointDto)
  endpoints!: EndpointDto[];

  @Optional()
  @IsEndpointId()
  @RefersToItemIn('endpoints', 'id')
  activeEndpointId?: string;

  /** Free-form labels (institution id, network name…). Never card data. */
  @Optional()
  @IsStringMap(METADATA_RULE)
  metadata?: Record<string, string>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const POD_NAME = /^[A-Za-z0-9]([-A-Za-z0-9._]{0,251}[A-Za-z0-9])?$/;

function matchesPodIdentity(): PropertyDecorator {
  return ValidateBy({
    name: 'matchesPodIdentity',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const o = args?.object as { namespace?: unknown; podName?: unknown } | undefined;
        if (typeof o?.namespace !== 'string' || typeof o.podName !== 'string') return true;
        return value === sidecarIdOf(o.namespace, o.podName);
      },
      defaultMessage: () => 'sidecarId must be <namespace>/<podName> of this registration',
    },
  });
}

export class SidecarRegistrationDto {
  @IsSidecarId()
  @matchesPodIdentity()
  sidecarId!: string;

  @IsString()
  @Matches(POD_NAME, { message: 'podName must be a Kubernetes pod name' })
  podName!: string;

  @IsString()
  @Matches(DNS_LABEL, { message: 'namespace must be a Kubernetes namespace name (DNS label)' })
  namespace!: string;

  /** Sidecar build version. */
  @IsString()
  @Length(1, 64)
  version!: string;

  /** Where the sidecar reaches its application's local API (APPLICATION_ENDPOINT). */
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  applicationEndpoint!: string;

  /** Transports this sidecar can receive commands on. */
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSPORTS, { each: true })
  capabilities!: Transport[];

  @IsUtcTimestamp()
  startedAt!: string;

  @ArrayMaxSize(256)
  @HasUniqueKey('connectionId')
  @NestedArray(() => RegisteredConnectionDto)
  connections!: RegisteredConnectionDto[];
}

export function validateSidecarRegistration(input: unknown): ValidationOutcome<SidecarRegistrationDto> {
  return validateDto(SidecarRegistrationDto, input);
}
