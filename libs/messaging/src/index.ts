/**
 * @switchyard/messaging: contract envelopes over Kafka and Redis. Producers key and encode by the
 * contracts' rules; consumers validate every message, dead-letter what is bad with the reason, and
 * go on. Used by the controller and the sidecar alike, so both behave the same on bad input.
 */
export { createKafka, type KafkaClientOptions } from './kafka/kafka-client';
export { EnvelopeProducer, type EnvelopeRecord } from './kafka/envelope-producer';
export {
  EnvelopeConsumer,
  type EnvelopeConsumerOptions,
  type EnvelopeConsumerStats,
  type EnvelopeContext,
  type EnvelopeHandler,
} from './kafka/envelope-consumer';
export {
  RedisEnvelopeChannel,
  CHANNEL_CONTRACT_TOPIC,
  kafkaDeadLetterSink,
  type ChannelSubscription,
  type DeadLetterSink,
  type RedisEnvelopeChannelOptions,
} from './redis/envelope-channel';
export { jsonStderrLogger, silentLogger, type TransportLogger } from './logger';
