/**
 * One place that builds kafkajs clients: brokers from config, kafkajs' own log routed to our
 * structured logger (kafkajs logs broker addresses and errors, never message values).
 */
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { jsonStderrLogger, type TransportLogger } from '../logger';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: TransportLogger;
  /** kafkajs connection timeout, ms (default 3000). */
  connectionTimeoutMs?: number;
  /** kafkajs request timeout, ms (default 30000). */
  requestTimeoutMs?: number;
}

export function createKafka(opts: KafkaClientOptions): Kafka {
  const logger = opts.logger ?? jsonStderrLogger;
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: opts.connectionTimeoutMs ?? 3_000,
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp: _t, logger: _l, ...rest } = log;
        const fields = { component: 'kafkajs', ...rest };
        if (level === logLevel.ERROR) logger.error(String(message), fields);
        else if (level === logLevel.WARN) logger.warn(String(message), fields);
        else logger.info(String(message), fields);
      },
  });
}
