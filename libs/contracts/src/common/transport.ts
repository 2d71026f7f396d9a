/** The transports a message can travel over (DESIGN: Kafka, Redis, and HTTP in direct mode). */
export const Transport = {
  KAFKA: 'kafka',
  REDIS: 'redis',
  HTTP: 'http',
} as const;
export type Transport = (typeof Transport)[keyof typeof Transport];
export const TRANSPORTS: readonly Transport[] = Object.values(Transport);
