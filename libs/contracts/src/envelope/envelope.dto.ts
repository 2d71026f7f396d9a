/**
 * The envelope every Kafka / Redis / direct-mode message travels in. `type` says what `payload` is;
 * the payload is validated by the class for that type (PAYLOAD_CLASSES).
 */
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import type { ClassConstructor } from 'class-transformer';
import {
  IsConnectionId,
  IsIntIn,
  IsNonBlankString,
  IsSidecarId,
  IsUtcTimestamp,
  NestedObject,
  NestedObjectBy,
  Optional,
} from '../common/decorators';
import {
  isMessageType,
  MESSAGE_TYPES,
  PAYLOAD_CLASSES,
  SENDER_KINDS,
  type MessageType,
  type SenderKind,
} from './message-type';

/** The envelope schema version this build writes and reads. */
export const CURRENT_SCHEMA_VERSION = 1 as const;
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [CURRENT_SCHEMA_VERSION];

export class SenderDto {
  @IsIn(SENDER_KINDS)
  kind!: SenderKind;

  /** Controller replica id, or the sidecar id (`<namespace>/<podName>`). */
  @IsNonBlankString(320)
  id!: string;
}

function payloadClassOf(parent: Record<string, unknown>): ClassConstructor<object> {
  const type = parent['type'];
  return isMessageType(type) ? PAYLOAD_CLASSES[type] : Object;
}

export class EnvelopeDto<T = unknown> {
  @IsIn(SUPPORTED_SCHEMA_VERSIONS, {
    message: `schemaVersion must be ${SUPPORTED_SCHEMA_VERSIONS.join(' or ')} (the envelope versions this build understands)`,
  })
  schemaVersion!: typeof CURRENT_SCHEMA_VERSION;

  @IsUUID()
  messageId!: string;

  @IsIn(MESSAGE_TYPES)
  type!: MessageType;

  @IsUtcTimestamp()
  timestamp!: string;

  @NestedObject(() => SenderDto)
  sender!: SenderDto;

  @Optional()
  @IsConnectionId()
  connectionId?: string;

  @Optional()
  @IsSidecarId()
  sidecarId?: string;

  @Optional()
  @IsIntIn(0)
  epoch?: number;

  /** Ties a reply to its request (e.g. a command-result to its command's messageId / commandId). */
  @Optional()
  @IsNonBlankString(128)
  correlationId?: string;

  /** Validated by `type`; not checked when `type` itself is invalid. */
  @ValidateIf((o: EnvelopeDto) => isMessageType(o.type))
  @NestedObjectBy(payloadClassOf)
  payload!: T;
}
