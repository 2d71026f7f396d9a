/**
 * The fast path (common/fast-path.ts) for envelopes carrying a health report, the one message
 * type that arrives thousands of times a second. Envelopes of every other type return undefined
 * here and take the full validation. Keep in step with envelope.dto.ts (envelope.fast.spec.ts).
 */
import { isIn, isInt, isUUID, max, min } from 'class-validator';
import { isNonBlankString, isUtcTimestamp } from '../common/decorators';
import { REJECT, buildIfValid, shape, type Shape } from '../common/fast-path';
import { CONNECTION_ID_PATTERN, SIDECAR_ID_PATTERN } from '../common/identifiers';
import { healthShapes } from '../health/health-report.fast';
import { EnvelopeDto, SUPPORTED_SCHEMA_VERSIONS, SenderDto } from './envelope.dto';
import { MESSAGE_TYPES, SENDER_KINDS } from './message-type';

function compile(): Shape {
  const sender = shape(SenderDto, {
    kind: { check: (v) => isIn(v, SENDER_KINDS) },
    id: { check: (v) => isNonBlankString(v, 320) },
  });
  return shape(EnvelopeDto, {
    schemaVersion: { check: (v) => isIn(v, SUPPORTED_SCHEMA_VERSIONS) },
    messageId: { check: (v) => isUUID(v) },
    type: { check: (v) => isIn(v, MESSAGE_TYPES) },
    timestamp: { check: (v) => isUtcTimestamp(v) },
    sender: { nested: () => sender },
    connectionId: { optional: true, check: (v) => typeof v === 'string' && CONNECTION_ID_PATTERN.test(v) },
    sidecarId: { optional: true, check: (v) => typeof v === 'string' && SIDECAR_ID_PATTERN.test(v) },
    epoch: { optional: true, check: (v) => isInt(v) && min(v, 0) && max(v, Number.MAX_SAFE_INTEGER) },
    correlationId: { optional: true, check: (v) => isNonBlankString(v, 128) },
    // Only health reports are modelled: any other type takes the full validation.
    payload: { check: (_v, parent) => parent['type'] === 'health-report', nested: () => healthShapes().report },
  });
}

let compiled: Shape | undefined;

/** The envelope instance when `input` is certainly a valid health-report envelope, else undefined. */
export function fastHealthReportEnvelope(input: unknown): EnvelopeDto | undefined {
  compiled ??= compile();
  const built = buildIfValid(compiled, input);
  return built === REJECT ? undefined : (built as EnvelopeDto);
}
