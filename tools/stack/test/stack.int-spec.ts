/**
 * The stack jest's globalSetup brought up is the one `pnpm stack status` sees: three real services
 * answering real requests, and every topic provisioned with the configured shape.
 */
import { Kafka, logLevel } from 'kafkajs';
import { testInfra } from '@switchyard/testing';
import { loadStackConfig } from '../src/config';
import { stackStatus, stackUp } from '../src/stack';
import { stackTopics } from '../src/topics';

describe('pnpm stack', () => {
  const cfg = loadStackConfig();

  it('reports three healthy services and no missing topic', async () => {
    const status = await stackStatus(cfg);
    expect(status.postgres.healthy).toBe(true);
    expect(status.kafka.healthy).toBe(true);
    expect(status.redis.healthy).toBe(true);
    expect(status.kafka.missingTopics).toEqual([]);
    expect(status.postgres.testUrl).toBe(testInfra().databaseUrl);
  });

  it('is idempotent: a second up starts nothing and changes nothing', async () => {
    const again = await stackUp(cfg);
    expect(again.started).toEqual([]);
    expect(again.status.kafka.missingTopics).toEqual([]);
  });

  it('creates topics with the configured partitions, compacting config-updates', async () => {
    const admin = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const wanted = stackTopics(cfg.kafka.partitions);
      const meta = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) });
      for (const t of wanted) {
        expect({ topic: t.name, partitions: meta.topics.find((m) => m.name === t.name)?.partitions.length }).toEqual({
          topic: t.name,
          partitions: t.partitions,
        });
      }
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2 /* TOPIC */, name: 'config-updates', configNames: ['cleanup.policy'] }],
      });
      expect(configs.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe(
        'compact',
      );
    } finally {
      await admin.disconnect();
    }
  });
});
