/**
 * Fencing (DESIGN.md): a decision is a compare-and-set on the connection's epoch in the same
 * transaction that writes the failover event and the outbox command. Two controller replicas —
 * here two services with their own connection pools, as two processes would have — decide on the
 * same connection at the same moment: exactly one wins, the other's decision is dropped and
 * recorded as SUPERSEDED, and exactly one command reaches the outbox.
 */
import { DataSource } from 'typeorm';
import { examples, type HealthReportDto } from '@switchyard/contracts';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { Clock } from '../src/common/clock';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { CommandEntity, FailoverEventEntity } from '../src/database/entities';
import { FailoverDecisionEngine } from '../src/decisions';
import { DEFAULT_DECISION_SETTINGS, FailoverDecisionService } from '../src/failover/failover-decision.service';
import { PolicyResolver } from '../src/failover/policy.resolver';
import { RegistryEvents } from '../src/registry/registry.events';

jest.setTimeout(60_000);

const NOW = Date.parse('2024-05-01T12:00:01.000Z');
class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW);
  }
}

function replica(ds: DataSource, name: string): FailoverDecisionService {
  const clock = new FixedClock();
  const engine = new FailoverDecisionEngine({ now: () => NOW, random: () => 0.5 });
  return new FailoverDecisionService(
    ds,
    clock,
    engine,
    new PolicyResolver(ds, clock),
    new RegistryEvents(),
    name,
    DEFAULT_DECISION_SETTINGS,
  );
}

function primaryReset(sequence: number): HealthReportDto {
  return examples.healthReport({
    status: 'FAILED',
    score: 0,
    sequence,
    hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET from 10.0.0.5:8583', observedAt: examples.T0 },
    endpoints: [
      { endpointId: 'primary', reachable: false, checkedAt: examples.T0 },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 9, checkedAt: examples.T0 },
    ],
  });
}

describe('fencing: two replicas decide on one connection at once', () => {
  let db: TestDatabase;
  const pools: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sy_fence');
    for (let i = 0; i < 2; i++) {
      const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 4 }));
      await ds.initialize();
      pools.push(ds);
    }
    await runMigrations(pools[0]!);
  });

  afterAll(async () => {
    for (const ds of pools) await ds.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    await pools[0]!.query('truncate commands, failover_events, health_snapshots, connections, sidecars cascade');
    await pools[0]!.query(
      `insert into sidecars (id, pod_name, namespace, version, application_endpoint, status, registered_at, last_heartbeat_at, registration)
       values ($1, 'acquirer-7d9f-x2k4q', 'payments', '1.0.0', 'http://localhost:8081', 'ACTIVE', now(), now(), '{}')`,
      [examples.SIDECAR_ID],
    );
    await pools[0]!.query(
      `insert into connections (id, sidecar_id, endpoints, active_endpoint_id, epoch, status) values ($1, $2, $3, 'primary', 0, 'ACTIVE')`,
      [examples.CONNECTION_ID, examples.SIDECAR_ID, JSON.stringify(examples.endpoints())],
    );
  });

  it('lets exactly one replica win; the other decision is recorded as superseded', async () => {
    // Repeat the race: a single lucky interleaving proves nothing.
    for (let round = 0; round < 10; round++) {
      if (round > 0) {
        await pools[0]!.query('truncate commands, failover_events, health_snapshots cascade');
        await pools[0]!.query(
          `update connections set epoch = 0, decision_state = null, active_endpoint_id = 'primary', row_version = 1`,
        );
      }
      const [a, b] = [replica(pools[0]!, 'replica-a'), replica(pools[1]!, 'replica-b')];
      const report = primaryReset(100 + round);
      const outcomes = await Promise.all([
        a.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report }, { kind: 'controller', id: 'replica-a' }),
        b.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report }, { kind: 'controller', id: 'replica-b' }),
      ]);

      const commands = await pools[0]!.getRepository(CommandEntity).find();
      expect(commands).toHaveLength(1);
      expect(commands[0]!.epoch).toBe(1);
      expect(commands[0]!.command.type).toBe('TRIGGER_FAILOVER');
      expect((commands[0]!.command.params as { targetEndpointId: string }).targetEndpointId).toBe('dr-1');

      const [{ epoch }] = (await pools[0]!.query('select epoch::int from connections')) as Array<{ epoch: number }>;
      expect(epoch).toBe(1);

      const events = await pools[0]!.getRepository(FailoverEventEntity).find();
      const pending = events.filter((e) => e.outcome === 'PENDING');
      const superseded = events.filter((e) => e.outcome === 'SUPERSEDED');
      expect(pending).toHaveLength(1);
      expect(pending[0]!.id).toBe(commands[0]!.failoverEventId);
      expect(pending[0]!.reason).toMatch(/dr-1/);
      expect(superseded).toHaveLength(1);
      expect(superseded[0]!.reason).toMatch(/^superseded: another controller replica/);
      expect(superseded[0]!.decidedBy).not.toBe(pending[0]!.decidedBy);

      expect(outcomes.map((o) => o.committed.filter((c) => c.commandId).length).sort()).toEqual([0, 1]);
      expect(outcomes.map((o) => o.superseded).sort()).toEqual([0, 1]);
    }
  });

  it('a replica with a stale cache cannot overwrite a newer state: it reloads and sees the switch in flight', async () => {
    const a = replica(pools[0]!, 'replica-a');
    const b = replica(pools[1]!, 'replica-b');
    // b caches the connection at epoch 0 (a healthy report, nothing decided).
    await b.apply(
      examples.CONNECTION_ID,
      { type: 'HEALTH_REPORT', report: examples.healthReport({ sequence: 1 }) },
      { kind: 'controller', id: 'b' },
    );
    // a decides the failover (epoch 0 → 1).
    const won = await a.apply(
      examples.CONNECTION_ID,
      { type: 'HEALTH_REPORT', report: primaryReset(2) },
      { kind: 'controller', id: 'a' },
    );
    expect(won.epoch).toBe(1);
    // b, still holding epoch 0 in cache, sees the same failure: it must not command again.
    const late = await b.apply(
      examples.CONNECTION_ID,
      { type: 'HEALTH_REPORT', report: primaryReset(3) },
      { kind: 'controller', id: 'b' },
    );
    expect(late.epoch).toBe(1);
    expect(late.committed.filter((c) => c.commandId)).toHaveLength(0);
    expect(await pools[0]!.getRepository(CommandEntity).count()).toBe(1);
  });
});
