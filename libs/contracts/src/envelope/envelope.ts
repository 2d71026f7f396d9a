/**
 * Build, validate, encode and decode envelopes. `decodeEnvelope` is what every consumer calls on a
 * raw Kafka / Redis value: it never throws, and its failure carries a dead-letter reason.
 */
import { randomUUID } from 'node:crypto';
import type { ContractError, ValidationOutcome } from '../common/contract-error';
import { locateJsonError } from '../common/json-error-position';
import { describeJsonType, isPlainObject, validateDto } from '../common/validation';
import { isTopic, type Topic } from '../topics/topics';
import { DeadLetterReason } from '../dead-letter/dead-letter.enums';
import { CURRENT_SCHEMA_VERSION, EnvelopeDto, SUPPORTED_SCHEMA_VERSIONS } from './envelope.dto';
import { fastHealthReportEnvelope } from './envelope.fast';
import {
  MESSAGE_SENDER_KINDS,
  TOPIC_MESSAGE_TYPES,
  isMessageType,
  type MessagePayloads,
  type MessageType,
  type SenderKind,
} from './message-type';

/** An envelope whose payload type follows its `type` (narrow with `if (env.type === 'command')`). */
export type Envelope<K extends MessageType = MessageType> = K extends MessageType
  ? Omit<EnvelopeDto<MessagePayloads[K]>, 'type'> & { type: K }
  : never;

export interface EnvelopeMeta {
  sender: { kind: SenderKind; id: string };
  /** Defaults to payload.connectionId when the payload has one. */
  connectionId?: string;
  /** Defaults to payload.sidecarId when the payload has one. */
  sidecarId?: string;
  /** Defaults to payload.epoch for commands. */
  epoch?: number;
  correlationId?: string;
}

/** Injectable clock and id generator (deterministic tests). */
export interface EnvelopeDeps {
  now?: () => Date;
  newId?: () => string;
}

/**
 * Wrap a payload in an envelope (no validation: call validateEnvelope in tests, or rely on the
 * consumer's decodeEnvelope). connectionId / sidecarId / epoch default to the payload's own.
 */
export function createEnvelope<K extends MessageType>(
  type: K,
  payload: MessagePayloads[K],
  meta: EnvelopeMeta,
  deps: EnvelopeDeps = {},
): Envelope<K> {
  const fromPayload = payload as unknown as { connectionId?: unknown; sidecarId?: unknown; epoch?: unknown };
  const connectionId = meta.connectionId ?? stringOrUndefined(fromPayload.connectionId);
  const sidecarId = meta.sidecarId ?? stringOrUndefined(fromPayload.sidecarId);
  const epoch =
    meta.epoch ?? (type === 'command' && typeof fromPayload.epoch === 'number' ? fromPayload.epoch : undefined);
  const envelope: Record<string, unknown> = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    messageId: (deps.newId ?? randomUUID)(),
    type,
    timestamp: (deps.now ?? (() => new Date()))().toISOString(),
    sender: { kind: meta.sender.kind, id: meta.sender.id },
  };
  if (connectionId !== undefined) envelope['connectionId'] = connectionId;
  if (sidecarId !== undefined) envelope['sidecarId'] = sidecarId;
  if (epoch !== undefined) envelope['epoch'] = epoch;
  if (meta.correlationId !== undefined) envelope['correlationId'] = meta.correlationId;
  envelope['payload'] = payload;
  return envelope as unknown as Envelope<K>;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Validate an envelope and its payload (by type), plus the cross-checks: the sender kind may send
 * this type, and envelope connectionId / sidecarId / epoch agree with the payload's.
 */
export function validateEnvelope(input: unknown): ValidationOutcome<Envelope> {
  // Health reports take the compiled fast path when certainly valid (envelope.fast.ts); anything
  // else, and every rejection, goes through the full validation that names the errors.
  const fast = fastHealthReportEnvelope(input);
  const outcome: ValidationOutcome<EnvelopeDto> =
    fast !== undefined ? { ok: true, value: fast } : validateDto(EnvelopeDto, input);
  if (!outcome.ok) return outcome;
  const errors = crossCheck(outcome.value);
  return errors.length === 0 ? { ok: true, value: outcome.value as Envelope } : { ok: false, errors };
}

function crossCheck(env: EnvelopeDto): ContractError[] {
  const errors: ContractError[] = [];
  const expectedSender = MESSAGE_SENDER_KINDS[env.type];
  if (env.sender.kind !== expectedSender) {
    errors.push({ path: 'sender.kind', message: `a ${env.type} message must be sent by a ${expectedSender}` });
  }
  const payload = env.payload as { connectionId?: unknown; sidecarId?: unknown; epoch?: unknown };
  for (const field of ['connectionId', 'sidecarId'] as const) {
    const outer = env[field];
    const inner = payload[field];
    if (outer !== undefined && typeof inner === 'string' && outer !== inner) {
      errors.push({ path: field, message: `${field} must equal payload.${field}` });
    }
  }
  if (env.type === 'command' && env.epoch !== undefined && env.epoch !== payload.epoch) {
    errors.push({ path: 'epoch', message: 'epoch must equal payload.epoch' });
  }
  return errors;
}

/** Serialize an envelope for Kafka / Redis. */
export function encodeEnvelope(envelope: Envelope | EnvelopeDto): Buffer {
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

export type DecodeOutcome =
  { ok: true; value: Envelope } | { ok: false; reason: DeadLetterReason; errors: ContractError[] };

/**
 * Decode a raw message value received on `topic`: JSON → envelope → type allowed on this topic →
 * payload by type. Never throws; a failure names the dead-letter reason and the bad fields.
 */
export function decodeEnvelope(topic: Topic, bytes: Buffer | Uint8Array | string | null | undefined): DecodeOutcome {
  try {
    return decode(topic, bytes);
  } catch (error: unknown) {
    // Defensive: nothing a producer sends may crash a consumer loop.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: DeadLetterReason.INVALID_ENVELOPE, errors: [{ path: '', message }] };
  }
}

function decode(topic: Topic, bytes: Buffer | Uint8Array | string | null | undefined): DecodeOutcome {
  if (!isTopic(topic)) {
    return fail(DeadLetterReason.TYPE_NOT_ALLOWED_ON_TOPIC, '', `"${String(topic)}" is not a Switchyard topic`);
  }
  if (bytes === null || bytes === undefined) {
    return fail(DeadLetterReason.INVALID_JSON, '', 'message has no value (tombstone or empty record)');
  }
  const text =
    typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message varies by Node version and may quote the input: report our own.
    const where = locateJsonError(text);
    const message =
      where === undefined
        ? 'invalid JSON'
        : `invalid JSON at position ${where.position} (line ${where.line}, column ${where.column}): ${where.reason}`;
    return fail(DeadLetterReason.INVALID_JSON, '', message);
  }
  if (!isPlainObject(parsed)) {
    return fail(DeadLetterReason.INVALID_ENVELOPE, '', `expected a JSON object, got ${describeJsonType(parsed)}`);
  }
  const version = parsed['schemaVersion'];
  if (typeof version !== 'number' || !SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    return fail(
      DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION,
      'schemaVersion',
      `schemaVersion must be ${SUPPORTED_SCHEMA_VERSIONS.join(' or ')} (the envelope versions this build understands)`,
    );
  }
  const type = parsed['type'];
  if (isMessageType(type) && !TOPIC_MESSAGE_TYPES[topic].includes(type)) {
    return fail(
      DeadLetterReason.TYPE_NOT_ALLOWED_ON_TOPIC,
      'type',
      `message type ${type} is not allowed on topic ${topic} (allowed: ${TOPIC_MESSAGE_TYPES[topic].join(', ')})`,
    );
  }
  const outcome = validateEnvelope(parsed);
  if (outcome.ok) return outcome;
  const payloadOnly = outcome.errors.every((e) => e.path === 'payload' || e.path.startsWith('payload.'));
  return {
    ok: false,
    reason: payloadOnly ? DeadLetterReason.INVALID_PAYLOAD : DeadLetterReason.INVALID_ENVELOPE,
    errors: outcome.errors,
  };
}

function fail(reason: DeadLetterReason, path: string, message: string): DecodeOutcome {
  return { ok: false, reason, errors: [{ path, message }] };
}

/** The Kafka message key of an envelope (TOPIC_DEFINITIONS says which key each topic uses). */
export function messageKey(envelope: Envelope): string {
  switch (envelope.type) {
    case 'health-report':
    case 'connection-event':
      return envelope.payload.connectionId;
    case 'config-update':
      return envelope.payload.scope;
    case 'command':
    case 'command-result':
    case 'config-ack':
    case 'sidecar-registration':
    case 'sidecar-heartbeat':
      return envelope.payload.sidecarId;
    default:
      return assertNever(envelope);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled envelope ${JSON.stringify(value)}`);
}
