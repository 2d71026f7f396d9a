/**
 * Publishes contract envelopes to Kafka: key by the topic's rule (messageKey), value as JSON,
 * acks from all in-sync replicas, idempotent producer so a retried send is not duplicated by the
 * broker.
 */
import type { Kafka, Producer } from 'kafkajs';
import { encodeEnvelope, messageKey, type Envelope } from '@switchyard/contracts';

export interface EnvelopeRecord {
  topic: string;
  envelope: Envelope;
  /** Defaults to messageKey(envelope). */
  key?: string;
  headers?: Record<string, string>;
}

export class EnvelopeProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async send(record: EnvelopeRecord): Promise<void> {
    await this.sendBatch([record]);
  }

  /** Sends records grouped by topic in one request per topic; resolves when all are acked. */
  async sendBatch(records: readonly EnvelopeRecord[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: Buffer; headers?: Record<string, string> }>>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({
        key: r.key ?? messageKey(r.envelope),
        value: encodeEnvelope(r.envelope),
        ...(r.headers ? { headers: r.headers } : {}),
      });
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  /** Raw bytes, for dead-letter records and tests that must produce malformed input. */
  async sendRaw(
    topic: string,
    messages: Array<{ key: string | null; value: Buffer | string | null; headers?: Record<string, string> }>,
  ): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
