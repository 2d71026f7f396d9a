/**
 * Dead-letter record: the value written to `<topic>.dlq` when a consumer cannot use a message.
 * It keeps the original (as UTF-8 text, or base64 when the bytes are not valid UTF-8; Luhn-valid
 * PAN-like digit runs masked by default), where it came from, and why — so nothing is lost and an
 * operator can act. The consumer commits past the bad record and carries on.
 */
import { ArrayMaxSize, IsIn, IsString, Matches } from 'class-validator';
import { TextDecoder } from 'node:util';
import { maskPanLikeDigits } from '../common/card-data-mask';
import type { ContractError, ValidationOutcome } from '../common/contract-error';
import { ContractErrorDto } from '../common/contract-error.dto';
import { IsIntIn, IsNonBlankString, IsUtcTimestamp, NestedArray, Nullable } from '../common/decorators';
import { validateDto } from '../common/validation';
import type { Topic } from '../topics/topics';
import {
  DEAD_LETTER_REASONS,
  DLQ_HEADERS,
  VALUE_ENCODINGS,
  ValueEncoding,
  type DeadLetterReason,
} from './dead-letter.enums';

export class DeadLetterRecordDto {
  @IsNonBlankString(249)
  originalTopic!: string;

  @IsIntIn(0)
  partition!: number;

  /** Kafka offsets are 64-bit: carried as a decimal string. */
  @IsString()
  @Matches(/^[0-9]{1,20}$/, { message: 'offset must be a decimal Kafka offset' })
  offset!: string;

  /** The original key as UTF-8 text, or null when the record had none. */
  @Nullable()
  @IsString()
  key!: string | null;

  @IsIn(DEAD_LETTER_REASONS)
  reason!: DeadLetterReason;

  @ArrayMaxSize(200)
  @NestedArray(() => ContractErrorDto)
  errors!: ContractErrorDto[];

  @IsUtcTimestamp()
  receivedAt!: string;

  /** Consumer group (and client id) that gave up on the message. */
  @IsNonBlankString(256)
  consumer!: string;

  /** The original value (null for a tombstone), encoded as `encoding` says. */
  @Nullable()
  @IsString()
  value!: string | null;

  @IsIn(VALUE_ENCODINGS)
  encoding!: ValueEncoding;
}

export function validateDeadLetterRecord(input: unknown): ValidationOutcome<DeadLetterRecordDto> {
  return validateDto(DeadLetterRecordDto, input);
}

export interface DeadLetterInput {
  originalTopic: Topic | string;
  partition: number;
  offset: string;
  key: Buffer | string | null | undefined;
  value: Buffer | string | null | undefined;
  reason: DeadLetterReason;
  errors: readonly ContractError[];
  consumer: string;
}

export interface DeadLetterOptions {
  now?: () => Date;
  /** Mask Luhn-valid 13-19 digit runs in UTF-8 values (default true: a DLQ is not a card-data store). */
  maskCardData?: boolean;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(bytes: Buffer | string): { text: string; encoding: ValueEncoding } {
  if (typeof bytes === 'string') return { text: bytes, encoding: ValueEncoding.UTF8 };
  try {
    return { text: STRICT_UTF8.decode(bytes), encoding: ValueEncoding.UTF8 };
  } catch {
    return { text: bytes.toString('base64'), encoding: ValueEncoding.BASE64 };
  }
}

/** Build the dead-letter record for a message (UTF-8 text when possible, base64 otherwise). */
export function createDeadLetterRecord(input: DeadLetterInput, options: DeadLetterOptions = {}): DeadLetterRecordDto {
  const mask = options.maskCardData ?? true;
  let value: string | null = null;
  let encoding: ValueEncoding = ValueEncoding.UTF8;
  if (input.value !== null && input.value !== undefined) {
    const decoded = decodeBytes(input.value);
    encoding = decoded.encoding;
    value = mask && encoding === ValueEncoding.UTF8 ? maskPanLikeDigits(decoded.text) : decoded.text;
  }
  const key = input.key === null || input.key === undefined ? null : decodeBytes(input.key).text;
  return {
    originalTopic: input.originalTopic,
    partition: input.partition,
    offset: input.offset,
    key,
    reason: input.reason,
    errors: input.errors.slice(0, 200).map((e) => ({ path: e.path, message: e.message })),
    receivedAt: (options.now ?? (() => new Date()))().toISOString(),
    consumer: input.consumer,
    value,
    encoding,
  };
}

/** The Kafka headers for a dead-letter record (see DLQ_HEADERS). */
export function deadLetterHeaders(record: DeadLetterRecordDto): Record<string, string> {
  const first = record.errors[0];
  const headers: Record<string, string> = {
    [DLQ_HEADERS.REASON]: record.reason,
    [DLQ_HEADERS.ORIGINAL_TOPIC]: record.originalTopic,
    [DLQ_HEADERS.ORIGINAL_PARTITION]: String(record.partition),
    [DLQ_HEADERS.ORIGINAL_OFFSET]: record.offset,
    [DLQ_HEADERS.CONSUMER]: record.consumer,
    [DLQ_HEADERS.RECEIVED_AT]: record.receivedAt,
  };
  if (first !== undefined) headers[DLQ_HEADERS.ERROR] = `${first.path}: ${first.message}`.slice(0, 512);
  return headers;
}
