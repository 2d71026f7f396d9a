/**
 * Kafka side of ingest: `health-reports` (one consumer group shared by every replica, so
 * partition ownership shards connections and their decisions across replicas) and
 * `connection-events` (registrations, heartbeats, lifecycle events). Bad messages go to the
 * topic's dead-letter topic with the reason; consumption goes on. Absent in direct mode.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS } from '@switchyard/contracts';
import { EnvelopeConsumer, type EnvelopeProducer } from '@switchyard/messaging';
import { ProblemException } from '../common/problem/problem.exception';
import { ControllerEnv } from '../config/env.validation';
import { KAFKA, KAFKA_PRODUCER, nestTransportLogger } from '../infrastructure/transports';
import { ConsumerLagCollector } from '../observability/consumer-lag.collector';
import { ControllerMetrics } from '../observability/controller-metrics';
import { IngestService } from './ingest.service';

/**
 * A 4xx problem (unknown connection, a sidecar reporting on a link it does not manage) will fail
 * the same way on every retry: dead-letter it at once rather than stall the partition.
 */
export function isRetryableIngestFailure(error: unknown): boolean {
  return !(error instanceof ProblemException && error.getStatus() < 500);
}

@Injectable()
export class IngestConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingest');
  private readonly consumers: EnvelopeConsumer[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(KAFKA_PRODUCER) private readonly producer: EnvelopeProducer | null,
    private readonly env: ControllerEnv,
    private readonly ingest: IngestService,
    private readonly metrics: ControllerMetrics,
    private readonly lag: ConsumerLagCollector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.kafka || !this.producer) return;
    const logger = nestTransportLogger('Ingest');
    for (const topic of [TOPICS.HEALTH_REPORTS, TOPICS.CONNECTION_EVENTS] as const) {
      const consumer = new EnvelopeConsumer({
        kafka: this.kafka,
        groupId: `${this.env.KAFKA_CONSUMER_GROUP}.${topic}`,
        contractTopic: topic,
        deadLetterProducer: this.producer,
        handler: async (env, ctx) => this.ingest.envelope(env, ctx.receivedAt),
        isRetryable: isRetryableIngestFailure,
        onDeadLetter: (record) => this.metrics.deadLettered.inc({ topic, reason: record.reason }),
        partitionsConsumedConcurrently: 6,
        consumerName: `controller:${this.env.CONTROLLER_REPLICA_ID}`,
        logger,
      });
      await consumer.start();
      this.consumers.push(consumer);
      this.lag.watch({
        groupId: `${this.env.KAFKA_CONSUMER_GROUP}.${topic}`,
        topic,
        assignedPartitions: () => consumer.assignedPartitions(),
      });
      this.logger.log(`consuming ${topic} in group ${this.env.KAFKA_CONSUMER_GROUP}.${topic}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop().catch(() => undefined)));
  }
}
