/**
 * Contract envelopes over Redis pub/sub (the seed's `PUBLISH health-events`,
 * `SUBSCRIBE failover-commands`). Pub/sub has no log to dead-letter into, so an invalid message is
 * handed to `onInvalid` with the same dead-letter record a Kafka consumer would write; callers
 * with a Kafka producer forward it to the topic's dead-letter topic (see `kafkaDeadLetterSink`).
 * A subscriber never stops on bad input.
 */
import type Redis from 'ioredis';
import {
  REDIS_CHANNELS,
  TOPICS,
  createDeadLetterRecord,
  deadLetterHeaders,
  deadLetterTopic,
  decodeEnvelope,
  encodeEnvelope,
  type DeadLetterRecordDto,
  type Envelope,
  type Topic,
} from '@switchyard/contracts';
import { jsonStderrLogger, type TransportLogger } from '../logger';
import type { EnvelopeProducer } from '../kafka/envelope-producer';

/** Which contract topic's rules apply to a seed channel. */
export const CHANNEL_CONTRACT_TOPIC: Readonly<Record<string, Topic>> = {
  [REDIS_CHANNELS.HEALTH_EVENTS]: TOPICS.HEALTH_REPORTS,
  [REDIS_CHANNELS.FAILOVER_COMMANDS]: TOPICS.FAILOVER_COMMANDS,
};

export type DeadLetterSink = (record: DeadLetterRecordDto, contractTopic: Topic) => Promise<void>;

/** Forwards Redis dead-letter records to `<contractTopic>.dlq` on Kafka. */
export function kafkaDeadLetterSink(producer: EnvelopeProducer): DeadLetterSink {
  return async (record, contractTopic) => {
    await producer.connect();
    await producer.sendRaw(deadLetterTopic(contractTopic), [
      { key: record.key, value: JSON.stringify(record), headers: deadLetterHeaders(record) },
    ]);
  };
}

export interface ChannelSubscription {
  channel: string;
  contractTopic: Topic;
  handler: (envelope: Envelope) => Promise<void> | void;
}

export interface RedisEnvelopeChannelOptions {
  /** Connection for PUBLISH (and any other command). */
  publisher: Redis;
  /** A dedicated connection in subscriber mode (ioredis: `publisher.duplicate()`). */
  subscriber: Redis;
  consumerName: string;
  onInvalid?: DeadLetterSink;
  logger?: TransportLogger;
  now?: () => Date;
}

export class RedisEnvelopeChannel {
  private readonly subs = new Map<string, ChannelSubscription>();
  private readonly logger: TransportLogger;
  private listening = false;
  private readonly counters = { received: 0, handled: 0, invalid: 0, handlerFailures: 0 };

  constructor(private readonly opts: RedisEnvelopeChannelOptions) {
    this.logger = opts.logger ?? jsonStderrLogger;
  }

  stats() {
    return { ...this.counters };
  }

  /** Returns how many subscribers received it (Redis' PUBLISH reply). */
  async publish(channel: string, envelope: Envelope): Promise<number> {
    return this.opts.publisher.publish(channel, encodeEnvelope(envelope));
  }

  async subscribe(sub: ChannelSubscription): Promise<void> {
    this.subs.set(sub.channel, sub);
    if (!this.listening) {
      this.opts.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
        void this.onMessage(channel.toString('utf8'), message);
      });
      this.listening = true;
    }
    await this.opts.subscriber.subscribe(sub.channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.subs.delete(channel);
    await this.opts.subscriber.unsubscribe(channel);
  }

  private async onMessage(channel: string, message: Buffer): Promise<void> {
    const sub = this.subs.get(channel);
    if (!sub) return;
    this.counters.received++;
    const decoded = decodeEnvelope(sub.contractTopic, message);
    if (!decoded.ok) {
      this.counters.invalid++;
      const record = createDeadLetterRecord(
        {
          originalTopic: `redis:${channel}`,
          partition: 0,
          offset: '0',
          key: null,
          value: message,
          reason: decoded.reason,
          errors: decoded.errors,
          consumer: this.opts.consumerName,
        },
        this.opts.now ? { now: this.opts.now } : {},
      );
      this.logger.warn('invalid message on Redis channel', {
        channel,
        reason: record.reason,
        firstError: record.errors[0] ? `${record.errors[0].path}: ${record.errors[0].message}` : undefined,
      });
      try {
        await this.opts.onInvalid?.(record, sub.contractTopic);
      } catch (err) {
        this.logger.error('could not dead-letter an invalid Redis message', { channel, error: (err as Error).message });
      }
      return;
    }
    try {
      await sub.handler(decoded.value);
      this.counters.handled++;
    } catch (err) {
      this.counters.handlerFailures++;
      this.logger.error('Redis envelope handler failed', {
        channel,
        messageId: decoded.value.messageId,
        error: (err as Error).message,
      });
    }
  }
}
