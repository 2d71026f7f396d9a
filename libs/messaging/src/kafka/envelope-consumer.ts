/**
 * Consumes contract envelopes from a Kafka topic with the rule of DESIGN.md: a message that fails
 * validation goes to the topic's dead-letter topic with the reason, and the consumer never stops
 * on it. A valid message whose handler keeps failing is retried with backoff, then dead-lettered
 * as PROCESSING_FAILED. The offset is committed only after the message was handled or its
 * dead-letter record was acked by Kafka, so nothing is lost: if even the dead-letter write fails,
 * the message is redelivered.
 */
import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import {
  DeadLetterReason,
  createDeadLetterRecord,
  deadLetterHeaders,
  deadLetterTopic,
  decodeEnvelope,
  maskPanLikeDigits,
  type ContractError,
  type DeadLetterRecordDto,
  type Envelope,
  type Topic,
} from '@switchyard/contracts';
import { jsonStderrLogger, type TransportLogger } from '../logger';
import type { EnvelopeProducer } from './envelope-producer';

export interface EnvelopeContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** 1 on first delivery to the handler, 2.. on retries. */
  attempt: number;
}

export type EnvelopeHandler = (envelope: Envelope, ctx: EnvelopeContext) => Promise<void>;

export interface EnvelopeConsumerOptions {
  kafka: Kafka;
  groupId: string;
  /** The contract topic: decides which message types are valid here. */
  contractTopic: Topic;
  /** The physical topic to read; defaults to the contract topic (tests use unique names). */
  topic?: string;
  /** Where bad messages go; defaults to `<contractTopic>.dlq`. */
  deadLetterTopic?: string;
  /** Producer used for dead-letter records (connected by the consumer when needed). */
  deadLetterProducer: EnvelopeProducer;
  handler: EnvelopeHandler;
  /** Handler attempts before a valid message is dead-lettered (default 3). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (default 200 ms). */
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  /**
   * Longest idle fetch long-poll (default 1000 ms). Data is returned as soon as it arrives; this
   * only bounds how long `stop()` waits for an idle fetch, i.e. shutdown and rebalance speed.
   */
  maxWaitTimeMs?: number;
  /**
   * Partitions handled in parallel (default 1). Order is kept within a partition, so messages
   * with one key (one connection) are still handled one at a time.
   */
  partitionsConsumedConcurrently?: number;
  /** Name recorded in dead-letter records (default: the group id). */
  consumerName?: string;
  logger?: TransportLogger;
  /** Injectable for deterministic tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Observability hooks (metrics). */
  onDeadLetter?: (record: DeadLetterRecordDto) => void;
  onHandled?: (envelope: Envelope, ctx: EnvelopeContext) => void;
}

export interface EnvelopeConsumerStats {
  received: number;
  handled: number;
  deadLettered: number;
  handlerFailures: number;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

export class EnvelopeConsumer {
  private readonly consumer: Consumer;
  private readonly opts: Required<Pick<EnvelopeConsumerOptions, 'maxAttempts' | 'retryBackoffMs'>> &
    EnvelopeConsumerOptions;
  private readonly logger: TransportLogger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters: EnvelopeConsumerStats = { received: 0, handled: 0, deadLettered: 0, handlerFailures: 0 };
  private running = false;

  constructor(opts: EnvelopeConsumerOptions) {
    this.opts = { maxAttempts: 3, retryBackoffMs: 200, ...opts };
    this.logger = opts.logger ?? jsonStderrLogger;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: opts.maxWaitTimeMs ?? 1_000,
    });
  }

  get topic(): string {
    return this.opts.topic ?? this.opts.contractTopic;
  }

  get deadLetterTopic(): string {
    return this.opts.deadLetterTopic ?? deadLetterTopic(this.opts.contractTopic);
  }

  stats(): EnvelopeConsumerStats {
    return { ...this.counters };
  }

  /** Connects, subscribes and resolves once this member has joined its group (partitions assigned). */
  async start(joinTimeoutMs = 30_000): Promise<void> {
    if (this.running) return;
    await this.opts.deadLetterProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: this.opts.fromBeginning ?? false });
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${this.opts.groupId} did not join within ${joinTimeoutMs} ms`)),
        joinTimeoutMs,
      );
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
    await this.consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message }) => this.onMessage(topic, partition, message),
    });
    this.running = true;
    await joined;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }

  private async onMessage(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    this.counters.received++;
    const decoded = decodeEnvelope(this.opts.contractTopic, message.value);
    const key = message.key ? message.key.toString('utf8') : null;
    if (!decoded.ok) {
      await this.deadLetter(topic, partition, message, decoded.reason, decoded.errors);
      return;
    }
    const ctx: EnvelopeContext = {
      topic,
      partition,
      offset: message.offset,
      key,
      headers: headersToStrings(message.headers),
      attempt: 0,
    };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      ctx.attempt = attempt;
      try {
        await this.opts.handler(decoded.value, ctx);
        this.counters.handled++;
        this.opts.onHandled?.(decoded.value, ctx);
        return;
      } catch (err) {
        lastError = err;
        this.counters.handlerFailures++;
        this.logger.warn('envelope handler failed', {
          topic,
          partition,
          offset: message.offset,
          messageId: decoded.value.messageId,
          type: decoded.value.type,
          attempt,
          error: maskPanLikeDigits(err instanceof Error ? err.message : String(err)),
        });
        if (attempt < this.opts.maxAttempts) await this.sleep(this.opts.retryBackoffMs * 2 ** (attempt - 1));
      }
    }
    const reason = maskPanLikeDigits(lastError instanceof Error ? lastError.message : String(lastError));
    await this.deadLetter(topic, partition, message, DeadLetterReason.PROCESSING_FAILED, [
      { path: '', message: `handler failed ${this.opts.maxAttempts} times: ${reason}` },
    ]);
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    errors: readonly ContractError[],
  ): Promise<void> {
    const record = createDeadLetterRecord(
      {
        originalTopic: topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        reason,
        errors,
        consumer: this.opts.consumerName ?? this.opts.groupId,
      },
      this.opts.now ? { now: this.opts.now } : {},
    );
    // Awaited before the offset is committed: a failure here redelivers the original message.
    await this.opts.deadLetterProducer.sendRaw(this.deadLetterTopic, [
      { key: record.key, value: JSON.stringify(record), headers: deadLetterHeaders(record) },
    ]);
    this.counters.deadLettered++;
    this.logger.warn('message dead-lettered', {
      topic,
      partition,
      offset: message.offset,
      deadLetterTopic: this.deadLetterTopic,
      reason,
      firstError: record.errors[0] ? `${record.errors[0].path}: ${record.errors[0].message}` : undefined,
    });
    this.opts.onDeadLetter?.(record);
  }
}
