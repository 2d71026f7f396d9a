/**
 * The ingest hot path against a real PostgreSQL: a steady healthy report costs no query at all
 * (state cached, policy cached for every connection at once); the states it changed are written
 * by one batched, fenced flush; a decision that must write while a flush is writing the same row
 * waits for it instead of losing a compare-and-set to its own replica; and a flush never
 * overwrites a row someone else changed meanwhile.
 */
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
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

let now = Date.parse('2024-05-01T12:00:01.000Z');
class TestClock extends Clock {
  now(): Date {
    return new Date(now);
  }
}

const queries: string[] = [];
const counting: TypeOrmLogger = {
  logQuery: (query) => void queries.push(query),
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

function healthy(sequence: number, score: number): HealthReportDto {
  return examples.healthReport({ sequence, score, reportedAt: new Date(now).toISOString() });
}

function primaryReset(sequence: number): HealthReportDto {
  const at = new Date(now).toISOString();
  return examples.healthReport({
    status: 'FAILED',
    score: 0,
    sequence,
    reportedAt: at,
    hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET from 10.0.0.5:8583', observedAt: at },
    endpoints: [
      { endpointId: 'primary', reachable: false, checkedAt: at },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 9, checkedAt: at },
    ],
  });
}

describe('ingest hot path: zero queries per steady report, batched fenced flush', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: FailoverDecisionService;
  const actor = { kind: 'controller' as const, id: 'r' };
  const row = async () =>
    (
      (await ds.query(
        `select score, last_report_seq::int as seq, row_version, epoch::int, decision_state->>'lastReportSequence' as state_seq from connections where id = $1`,
        [examples.CONNECTION_ID],
      )) as Array<{ score: number; seq: number; row_version: number; epoch: number; state_seq: string }>
    )[0]!;

  beforeAll(async () => {
    db = await createTestDatabase('sy_flush');
    ds = new DataSource({ ...dataSourceOptions(db.url, { poolSize: 4 }), logging: ['query'], logger: counting });
    await ds.initialize();
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  beforeEach(async () => {
    await ds.query('truncate commands, failover_events, health_snapshots, connections, sidecars cascade');
    await ds.query(
      `insert into sidecars (id, pod_name, namespace, version, application_endpoint, status, registered_at, last_heartbeat_at, registration)
       values ($1, 'acquirer-7d9f-x2k4q', 'payments', '1.0.0', 'http://localhost:8081', 'ACTIVE', now(), now(), '{}')`,
      [examples.SIDECAR_ID],
    );
    await ds.query(
      `insert into connections (id, sidecar_id, endpoints, active_endpoint_id, epoch, status) values ($1, $2, $3, 'primary', 0, 'ACTIVE')`,
      [examples.CONNECTION_ID, examples.SIDECAR_ID, JSON.stringify(examples.endpoints())],
    );
    const clock = new TestClock();
    service = new FailoverDecisionService(
      ds,
      clock,
      new FailoverDecisionEngine({ now: () => now, random: () => 0.5 }),
      new PolicyResolver(ds, clock),
      new RegistryEvents(),
      'replica-r',
      DEFAULT_DECISION_SETTINGS,
    );
  });

  it('decides steady healthy reports without a query, then writes them in one fenced flush', async () => {
    await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(1, 90) }, actor);
    const before = await row();
    queries.length = 0;
    for (let seq = 2; seq <= 50; seq++) {
      now += 10;
      const out = await service.apply(
        examples.CONNECTION_ID,
        { type: 'HEALTH_REPORT', report: healthy(seq, 80 + (seq % 20)) },
        actor,
      );
      expect(out.committed).toHaveLength(0);
    }
    expect(queries).toEqual([]);
    expect(service.unflushed).toBe(1);
    expect(await row()).toEqual(before);

    queries.length = 0;
    await expect(service.flushDirty()).resolves.toBe(1);
    expect(queries.filter((q) => /^update connections/.test(q.trim()))).toHaveLength(1);
    const after = await row();
    expect(after).toMatchObject({
      score: 80 + (50 % 20),
      seq: 50,
      state_seq: '50',
      row_version: before.row_version + 1,
    });
    expect(service.unflushed).toBe(0);
    await expect(service.flushDirty()).resolves.toBe(0);

    // The next decision commits on the row version the flush left: no false "superseded".
    const failover = await service.apply(
      examples.CONNECTION_ID,
      { type: 'HEALTH_REPORT', report: primaryReset(51) },
      actor,
    );
    expect(failover.superseded).toBe(0);
    expect(failover.committed.filter((c) => c.commandId)).toHaveLength(1);
  });

  it('a decision that must write while a flush writes its row waits for the flush, and still wins once', async () => {
    await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(1, 90) }, actor);
    for (let round = 0; round < 5; round++) {
      await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(2 + round * 2, 91) }, actor);
      const flush = service.flushDirty();
      const more = service.apply(
        examples.CONNECTION_ID,
        { type: 'HEALTH_REPORT', report: healthy(3 + round * 2, 92) },
        actor,
      );
      await Promise.all([flush, more]);
    }
    const flush = service.flushDirty();
    const failover = service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: primaryReset(100) }, actor);
    const [, outcome] = await Promise.all([flush, failover]);
    expect(outcome.superseded).toBe(0);
    expect(outcome.epoch).toBe(1);
    expect(await ds.getRepository(CommandEntity).count()).toBe(1);
    const events = await ds.getRepository(FailoverEventEntity).find();
    expect(events.filter((e) => e.outcome === 'SUPERSEDED')).toHaveLength(0);
    await service.flushDirty();
    expect((await row()).epoch).toBe(1);
  });

  it('never overwrites a row changed by someone else: the flush skips it and the next input reloads', async () => {
    await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(1, 90) }, actor);
    await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(2, 70) }, actor);
    // An ops edit (or another replica) moves the row on.
    await ds.query(`update connections set row_version = row_version + 1, score = 42 where id = $1`, [
      examples.CONNECTION_ID,
    ]);
    await expect(service.flushDirty()).resolves.toBe(0);
    expect((await row()).score).toBe(42);
    queries.length = 0;
    await service.apply(examples.CONNECTION_ID, { type: 'HEALTH_REPORT', report: healthy(3, 71) }, actor);
    expect(queries.some((q) => /from "connections"/i.test(q))).toBe(true);
  });
});
