/**
 * The optional transports: Kafka and Redis when the environment configures them, absent (null)
 * in direct mode. Features ask for these tokens and use whichever paths exist.
 */
import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import type { Kafka } from 'kafkajs';
import { EnvelopeProducer, createKafka, type TransportLogger } from '@switchyard/messaging';
import { ControllerEnv, kafkaBrokersOf, redisUrlOf } from '../config/env.validation';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const REDIS = Symbol('REDIS');

/** Routes the transport library's structured logs into Nest's JSON logger. */
export function nestTransportLogger(context: string): TransportLogger {
  const logger = new Logger(context);
  const fmt = (msg: string, fields?: Record<string, unknown>) => (fields ? `${msg} ${JSON.stringify(fields)}` : msg);
  return {
    info: (msg, fields) => logger.log(fmt(msg, fields)),
    warn: (msg, fields) => logger.warn(fmt(msg, fields)),
    error: (msg, fields) => logger.error(fmt(msg, fields)),
  };
}

class TransportLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Transports');

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: EnvelopeProducer | null,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const paths = ['http'];
    if (this.producer) {
      await this.producer.connect();
      paths.push('kafka');
    }
    if (this.redis) {
      await this.redis.connect();
      paths.push('redis');
    }
    this.logger.log(`delivery paths: ${paths.join(', ')}${this.producer ? '' : ' (direct mode: no Kafka)'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.redis?.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [ControllerEnv],
      useFactory: (env: ControllerEnv): Kafka | null => {
        const brokers = kafkaBrokersOf(env);
        return brokers
          ? createKafka({
              brokers,
              clientId: `switchyard-controller-${env.CONTROLLER_REPLICA_ID}`,
              logger: nestTransportLogger('Kafka'),
            })
          : null;
      },
    },
    {
      provide: KAFKA_PRODUCER,
      inject: [KAFKA],
      useFactory: (kafka: Kafka | null) => (kafka ? new EnvelopeProducer(kafka) : null),
    },
    {
      provide: REDIS,
      inject: [ControllerEnv],
      useFactory: (env: ControllerEnv): Redis | null => {
        const url = redisUrlOf(env);
        if (!url) return null;
        const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
        const logger = new Logger('Redis');
        redis.on('error', (err: Error) => logger.warn(`redis: ${err.message}`));
        return redis;
      },
    },
    TransportLifecycle,
  ],
  exports: [KAFKA, KAFKA_PRODUCER, REDIS],
})
export class TransportsModule {}
