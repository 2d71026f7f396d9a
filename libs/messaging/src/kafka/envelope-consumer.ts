/**
 * Consumes contract envelopes from a Kafka topic with the rule of DESIGN.md: a message that fails
 * validation goes to the topic's dead-letter topic with the reason, and the consumer never stops
 * on it. A valid message whose handler keeps failing is retried with backoff, then dead-lettered
 * as PROCESSING_FAILED. The offset is committed only after the message was handled or its
 * dead-letter record was acked by Kafka, so nothing is lost: if even the dead-letter write fails,
 * the message is redelivered.
 */
import { performance } from 'node:perf_hooks';
import type { Batch, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
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
  /** When this consumer received the message's batch from Kafka (`performance.now()` ms). */
  receivedAt: number;
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
  /**
   * Whether a handler failure may succeed on a retry (default: always). A failure that cannot
   * (the message names something that does not exist, say) is dead-lettered at once as
   * PROCESSING_FAILED instead of stalling its partition through the retries.
   */
  isRetryable?: (error: unknown) => boolean;
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

/** How often a long batch checks in with the group coordinator (kafkajs sends it when due). */
const HEARTBEAT_CHECK_MS = 1_000;

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
  private assignment: number[] | null = null;

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

  /** Partitions of the topic this member consumes since its last group join; null before. */
  assignedPartitions(): readonly number[] | null {
    return this.assignment;
  }

  /** Connects, subscribes and resolves once this member has joined its group (partitions assigned). */
  async start(joinTimeoutMs = 30_000): Promise<void> {
    if (this.running) return;
    await this.opts.deadLetterProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: this.opts.fromBeginning ?? false });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.assignment = [...(e.payload.memberAssignment[this.topic] ?? [])];
    });
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
      // Offsets are resolved one by one, only after a message was handled or dead-lettered: a
      // batch cut short (stop, rebalance, a failed dead-letter write) resumes at the first
      // message not finished, never after it.
      eachBatchAutoResolve: false,
      ...(this.opts.partitionsConsumedConcurrently
        ? { partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently }
        : {}),
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) =>
        this.onBatch(batch, resolveOffset, heartbeat, isRunning, isStale),
    });
    this.running = true;
    await joined;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.assignment = null;
    await this.consumer.disconnect();
  }

  /**
   * One partition's batch, strictly in offset order (messages of one key stay in order, and so
   * does everything else on the partition). Cheaper than kafkajs' eachMessage: no heartbeat and
   * commit check awaited per message.
   */
  private async onBatch(
    batch: Batch,
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    isStale: () => boolean,
  ): Promise<void> {
    const receivedAt = performance.now();
    let lastHeartbeat = receivedAt;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      await this.onMessage(batch.topic, batch.partition, message, receivedAt);
      resolveOffset(message.offset);
      const now = performance.now();
      if (now - lastHeartbeat >= HEARTBEAT_CHECK_MS) {
        lastHeartbeat = now;
        await heartbeat();
      }
    }
  }

  private async onMessage(topic: string, partition: number, message: KafkaMessage, receivedAt: number): Promise<void> {
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
      receivedAt,
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
        if (this.opts.isRetryable && !this.opts.isRetryable(err)) {
          const reason = maskPanLikeDigits(err instanceof Error ? err.message : String(err));
          await this.deadLetter(topic, partition, message, DeadLetterReason.PROCESSING_FAILED, [
            { path: '', message: `handler failed (not retryable): ${reason}` },
          ]);
          return;
        }
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
