import { expectErrorPaths, expectValid } from '../../test/outcome';
import * as examples from '../examples/examples';
import { decodeEnvelope } from '../envelope/envelope';
import { TOPICS, deadLetterTopic } from '../topics/topics';
import { DLQ_HEADERS } from './dead-letter.enums';
import { createDeadLetterRecord, deadLetterHeaders, validateDeadLetterRecord } from './dead-letter-record.dto';

const now = () => new Date(examples.T1);

describe('dead-letter records', () => {
  it('records a bad message from decodeEnvelope: reason, errors, original value as UTF-8', () => {
    const value = Buffer.from('{"schemaVersion":1,,}');
    const outcome = decodeEnvelope(TOPICS.HEALTH_REPORTS, value);
    if (outcome.ok) throw new Error('expected failure');
    const record = createDeadLetterRecord(
      {
        originalTopic: TOPICS.HEALTH_REPORTS,
        partition: 3,
        offset: '1234567890123',
        key: Buffer.from(examples.CONNECTION_ID),
        value,
        reason: outcome.reason,
        errors: outcome.errors,
        consumer: 'switchyard-controller/controller-0',
      },
      { now },
    );
    expect(record).toMatchObject({
      originalTopic: 'health-reports',
      key: examples.CONNECTION_ID,
      reason: 'INVALID_JSON',
      value: '{"schemaVersion":1,,}',
      encoding: 'utf8',
      receivedAt: examples.T1,
    });
    expectValid(validateDeadLetterRecord(record));
    expect(deadLetterTopic(TOPICS.HEALTH_REPORTS)).toBe('health-reports.dlq');
  });

  it('stores non-UTF-8 bytes as base64, and a missing value or key as null', () => {
    const bytes = Buffer.from([0xc3, 0x28, 0xff]);
    const record = createDeadLetterRecord(
      {
        originalTopic: 'failover-commands',
        partition: 0,
        offset: '0',
        key: null,
        value: bytes,
        reason: 'INVALID_JSON',
        errors: [],
        consumer: 'c',
      },
      { now },
    );
    expect(record.encoding).toBe('base64');
    expect(Buffer.from(record.value as string, 'base64')).toEqual(bytes);
    expect(record.key).toBeNull();
    expectValid(validateDeadLetterRecord(record));
    const tombstone = createDeadLetterRecord(
      {
        originalTopic: 'config-updates',
        partition: 0,
        offset: '9',
        key: 'global',
        value: null,
        reason: 'INVALID_JSON',
        errors: [],
        consumer: 'c',
      },
      { now },
    );
    expect(tombstone.value).toBeNull();
  });

  it('masks PAN-like digit runs in the stored value by default', () => {
    const text = JSON.stringify(examples.command('SEND_MESSAGE'));
    const input = {
      originalTopic: 'failover-commands',
      partition: 0,
      offset: '1',
      key: 'k',
      value: text,
      reason: 'PROCESSING_FAILED' as const,
      errors: [],
      consumer: 'c',
    };
    expect(createDeadLetterRecord(input, { now }).value).not.toContain(examples.TEST_PAN);
    expect(createDeadLetterRecord(input, { now, maskCardData: false }).value).toContain(examples.TEST_PAN);
  });

  it('builds the x-dlq-* headers', () => {
    const record = createDeadLetterRecord(
      {
        originalTopic: 'command-results',
        partition: 1,
        offset: '42',
        key: 'k',
        value: '{}',
        reason: 'INVALID_ENVELOPE',
        errors: [{ path: 'messageId', message: 'messageId must be a UUID' }],
        consumer: 'c',
      },
      { now },
    );
    expect(deadLetterHeaders(record)).toEqual({
      [DLQ_HEADERS.REASON]: 'INVALID_ENVELOPE',
      [DLQ_HEADERS.ORIGINAL_TOPIC]: 'command-results',
      [DLQ_HEADERS.ORIGINAL_PARTITION]: '1',
      [DLQ_HEADERS.ORIGINAL_OFFSET]: '42',
      [DLQ_HEADERS.CONSUMER]: 'c',
      [DLQ_HEADERS.RECEIVED_AT]: examples.T1,
      [DLQ_HEADERS.ERROR]: 'messageId: messageId must be a UUID',
    });
    expect(DLQ_HEADERS.REASON).toBe('x-dlq-reason');
    expect(DLQ_HEADERS.ORIGINAL_TOPIC).toBe('x-dlq-original-topic');
  });

  it('validateDeadLetterRecord names bad fields', () => {
    const good = createDeadLetterRecord(
      {
        originalTopic: 'health-reports',
        partition: 0,
        offset: '1',
        key: null,
        value: '{}',
        reason: 'INVALID_JSON',
        errors: [],
        consumer: 'c',
      },
      { now },
    );
    expectErrorPaths(validateDeadLetterRecord({ ...good, offset: '-1', encoding: 'hex', errors: [{ path: 1 }] }), [
      'offset',
      'encoding',
      'errors[0].path',
      'errors[0].message',
    ]);
  });
});
