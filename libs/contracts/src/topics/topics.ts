/**
 * Every Kafka topic, Redis key and Redis channel name Switchyard uses. A name appears once in the
 * codebase: here. The stack provisioner and the controller create topics from TOPIC_DEFINITIONS.
 */

export const TOPICS = {
  HEALTH_REPORTS: 'health-reports',
  CONNECTION_EVENTS: 'connection-events',
  FAILOVER_COMMANDS: 'failover-commands',
  CONFIG_UPDATES: 'config-updates',
  COMMAND_RESULTS: 'command-results',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export const DEAD_LETTER_SUFFIX = '.dlq';

/** The dead-letter topic of `topic`: `<topic>.dlq`. */
export function deadLetterTopic(topic: Topic): `${Topic}.dlq` {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

export type DeadLetterTopic = `${Topic}.dlq`;

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (ALL_TOPICS as readonly string[]).includes(value);
}

export interface TopicDefinition {
  name: Topic | DeadLetterTopic;
  /** Log-compacted (cleanup.policy=compact): only the latest value per key is kept. */
  compacted: boolean;
  defaultPartitions: number;
  /** What the message key is, for humans and docs. */
  key: string;
  /** Who produces, who consumes. */
  flow: string;
}

const MAIN_TOPIC_DEFINITIONS: readonly TopicDefinition[] = [
  {
    name: TOPICS.HEALTH_REPORTS,
    compacted: false,
    defaultPartitions: 6,
    key: 'connection id',
    flow: 'sidecar → controller (consumer group shards decisions across replicas)',
  },
  {
    name: TOPICS.CONNECTION_EVENTS,
    compacted: false,
    defaultPartitions: 6,
    key: 'connection id (sidecar id for sidecar-registration / sidecar-heartbeat)',
    flow: 'sidecar → controller',
  },
  {
    name: TOPICS.FAILOVER_COMMANDS,
    compacted: false,
    defaultPartitions: 6,
    key: 'sidecar id',
    flow: 'controller → sidecars',
  },
  {
    name: TOPICS.CONFIG_UPDATES,
    compacted: true,
    defaultPartitions: 3,
    key: 'config scope (global | connection:<id>)',
    flow: 'controller → sidecars',
  },
  {
    name: TOPICS.COMMAND_RESULTS,
    compacted: false,
    defaultPartitions: 6,
    key: 'sidecar id',
    flow: 'sidecar → controller',
  },
];

/** Every topic to provision: the five main topics, then one dead-letter topic each (1 partition, not compacted). */
export const TOPIC_DEFINITIONS: readonly TopicDefinition[] = [
  ...MAIN_TOPIC_DEFINITIONS,
  ...MAIN_TOPIC_DEFINITIONS.map((def): TopicDefinition => ({
    name: deadLetterTopic(def.name as Topic),
    compacted: false,
    defaultPartitions: 1,
    key: `as on ${def.name}`,
    flow: `consumers of ${def.name} → operators (messages that failed validation or processing)`,
  })),
];

/** Redis keys (seed names). `{id}` is a connection id. */
export const REDIS_KEYS = {
  /** `SET connection:{id}:state` (with TTL): the sidecar's latest view of the connection. */
  connectionState: (connectionId: string): string => `connection:${connectionId}:state`,
  /** `GET connection:{id}:config`: the effective config document for the connection. */
  connectionConfig: (connectionId: string): string => `connection:${connectionId}:config`,
} as const;

export const connectionStateKey = REDIS_KEYS.connectionState;
export const connectionConfigKey = REDIS_KEYS.connectionConfig;

/** Redis pub/sub channels (seed names). */
export const REDIS_CHANNELS = {
  /** `PUBLISH health-events`: health-report envelopes. */
  HEALTH_EVENTS: 'health-events',
  /** `SUBSCRIBE failover-commands`: command envelopes (second delivery path beside Kafka). */
  FAILOVER_COMMANDS: 'failover-commands',
} as const;

export type RedisChannel = (typeof REDIS_CHANNELS)[keyof typeof REDIS_CHANNELS];
