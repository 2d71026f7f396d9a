import {
  ALL_TOPICS,
  REDIS_CHANNELS,
  TOPIC_DEFINITIONS,
  TOPICS,
  connectionConfigKey,
  connectionStateKey,
  deadLetterTopic,
  isTopic,
} from './topics';

describe('topics', () => {
  it('uses exactly the DESIGN.md topic names', () => {
    expect([...ALL_TOPICS].sort()).toEqual(
      ['command-results', 'config-updates', 'connection-events', 'failover-commands', 'health-reports'].sort(),
    );
  });

  it('names dead-letter topics <topic>.dlq', () => {
    expect(deadLetterTopic(TOPICS.HEALTH_REPORTS)).toBe('health-reports.dlq');
  });

  it('defines each topic and its DLQ once, with the agreed partitions and compaction', () => {
    const byName = new Map(TOPIC_DEFINITIONS.map((d) => [d.name, d]));
    expect(byName.size).toBe(TOPIC_DEFINITIONS.length);
    expect(TOPIC_DEFINITIONS).toHaveLength(10);
    expect(byName.get('health-reports')).toMatchObject({ defaultPartitions: 6, compacted: false });
    expect(byName.get('connection-events')).toMatchObject({ defaultPartitions: 6, compacted: false });
    expect(byName.get('failover-commands')).toMatchObject({ defaultPartitions: 6, compacted: false });
    expect(byName.get('config-updates')).toMatchObject({ defaultPartitions: 3, compacted: true });
    expect(byName.get('command-results')).toMatchObject({ defaultPartitions: 6, compacted: false });
    for (const topic of ALL_TOPICS) {
      expect(byName.get(deadLetterTopic(topic))).toMatchObject({ defaultPartitions: 1, compacted: false });
    }
  });

  it('recognises its topics only', () => {
    expect(isTopic('health-reports')).toBe(true);
    expect(isTopic('health-reports.dlq')).toBe(false);
    expect(isTopic(42)).toBe(false);
  });

  it('builds the seed Redis keys and channels', () => {
    expect(connectionStateKey('visa-base1')).toBe('connection:visa-base1:state');
    expect(connectionConfigKey('visa-base1')).toBe('connection:visa-base1:config');
    expect(REDIS_CHANNELS).toEqual({ HEALTH_EVENTS: 'health-events', FAILOVER_COMMANDS: 'failover-commands' });
  });
});
