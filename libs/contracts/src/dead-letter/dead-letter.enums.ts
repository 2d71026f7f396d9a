/** Why a message went to its topic's dead-letter topic (`<topic>.dlq`). */
export const DeadLetterReason = {
  INVALID_JSON: 'INVALID_JSON',
  INVALID_ENVELOPE: 'INVALID_ENVELOPE',
  UNSUPPORTED_SCHEMA_VERSION: 'UNSUPPORTED_SCHEMA_VERSION',
  TYPE_NOT_ALLOWED_ON_TOPIC: 'TYPE_NOT_ALLOWED_ON_TOPIC',
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** Valid message, but handling it failed permanently (after the consumer's retries). */
  PROCESSING_FAILED: 'PROCESSING_FAILED',
} as const;
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];
export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = Object.values(DeadLetterReason);

/** Kafka headers set on every dead-lettered record (values are UTF-8 strings). */
export const DLQ_HEADERS = {
  REASON: 'x-dlq-reason',
  ORIGINAL_TOPIC: 'x-dlq-original-topic',
  ORIGINAL_PARTITION: 'x-dlq-original-partition',
  ORIGINAL_OFFSET: 'x-dlq-original-offset',
  CONSUMER: 'x-dlq-consumer',
  RECEIVED_AT: 'x-dlq-received-at',
  /** First error, `<path>: <message>`, for a quick look without parsing the body. */
  ERROR: 'x-dlq-error',
} as const;
export type DlqHeader = (typeof DLQ_HEADERS)[keyof typeof DLQ_HEADERS];

export const ValueEncoding = {
  UTF8: 'utf8',
  BASE64: 'base64',
} as const;
export type ValueEncoding = (typeof ValueEncoding)[keyof typeof ValueEncoding];
export const VALUE_ENCODINGS: readonly ValueEncoding[] = Object.values(ValueEncoding);
