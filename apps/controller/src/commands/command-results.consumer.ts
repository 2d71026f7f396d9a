/**
 * Kafka `command-results` (absent in direct mode): `command-result` envelopes close commands,
 * `config-ack` envelopes go to config distribution (which registers its handler here, so the two
 * features share one consumer group, `${KAFKA_CONSUMER_GROUP}.command-results`). Every replica is a
 * member; results are idempotent, so whichever replica owns the partition records them. Bad
 * messages go to `command-results.dlq` with the reason and consumption goes on.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type ConfigAckDto } from '@switchyard/contracts';
import { EnvelopeConsumer, type EnvelopeProducer } from '@switchyard/messaging';
import { ControllerEnv } from '../config/env.validation';
import { KAFKA, KAFKA_PRODUCER, nestTransportLogger } from '../infrastructure/transports';
import { ControllerMetrics } from '../observability/controller-metrics';
import { CommandResultsService } from './command-results.service';

export type ConfigAckHandler = (ack: ConfigAckDto, source: 'kafka' | 'http') => Promise<unknown>;

@Injectable()
export class CommandResultsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CommandResults');
  private consumer: EnvelopeConsumer | null = null;
  private configAcks: ConfigAckHandler | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(KAFKA_PRODUCER) private readonly producer: EnvelopeProducer | null,
    private readonly env: ControllerEnv,
    private readonly results: CommandResultsService,
    private readonly metrics: ControllerMetrics,
  ) {}

  /** Config distribution takes the `config-ack` messages of this topic. */
  handleConfigAcks(handler: ConfigAckHandler): void {
    this.configAcks = handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.kafka || !this.producer) return;
    const groupId = `${this.env.KAFKA_CONSUMER_GROUP}.${TOPICS.COMMAND_RESULTS}`;
    this.consumer = new EnvelopeConsumer({
      kafka: this.kafka,
      groupId,
      contractTopic: TOPICS.COMMAND_RESULTS,
      deadLetterProducer: this.producer,
      partitionsConsumedConcurrently: 3,
      consumerName: `controller:${this.env.CONTROLLER_REPLICA_ID}`,
      logger: nestTransportLogger('CommandResults'),
      onDeadLetter: (record) => this.metrics.deadLettered.inc({ topic: record.originalTopic, reason: record.reason }),
      onHandled: (envelope) => this.metrics.ingested.inc({ source: 'kafka', type: envelope.type }),
      handler: async (envelope) => {
        if (envelope.type === 'command-result') {
          await this.results.record(envelope.payload, 'kafka');
        } else if (envelope.type === 'config-ack') {
          if (this.configAcks) await this.configAcks(envelope.payload, 'kafka');
          else this.logger.warn('a config-ack arrived but config distribution is not running');
        }
      },
    });
    await this.consumer.start();
    this.logger.log(`consuming ${TOPICS.COMMAND_RESULTS} in group ${groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
  }
}
