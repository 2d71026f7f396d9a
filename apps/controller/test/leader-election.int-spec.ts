/**
 * Leader election on a real PostgreSQL: candidates with their own sessions (as replicas would
 * have) — exactly one leads; a graceful stop hands over at the next try; a leader whose session
 * is killed steps down at once and stops its tasks; singleton tasks never overlap themselves and
 * survive their own errors.
 */
import { Logger } from '@nestjs/common';
import { createTestDatabase, eventually, type TestDatabase } from '@switchyard/testing';
import { Client } from 'pg';
import { DEFAULT_LEADER_SETTINGS, LeaderElection, type LeaderSettings } from '../src/leader/leader-election.service';
import { ControllerMetrics } from '../src/observability/controller-metrics';

jest.setTimeout(60_000);

describe('leader election (PostgreSQL session advisory lock)', () => {
  let db: TestDatabase;
  const started: LeaderElection[] = [];

  function candidate(replicaId: string, overrides: Partial<LeaderSettings> = {}): LeaderElection {
    const election = new LeaderElection(
      { ...DEFAULT_LEADER_SETTINGS, retryMs: 100, checkMs: 100, databaseUrl: db.url, replicaId, ...overrides },
      new ControllerMetrics(),
    );
    started.push(election);
    return election;
  }

  beforeAll(async () => {
    // Elections and deliberately failing tasks log on purpose; keep the test output readable.
    Logger.overrideLogger(false);
    db = await createTestDatabase('sy_leader');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()));
  });

  afterAll(async () => {
    await db.drop();
  });

  it('elects exactly one leader; a graceful stop releases the lock and another takes over', async () => {
    const a = candidate('a');
    const b = candidate('b');
    const c = candidate('c');
    for (const e of [a, b, c]) e.start();
    await eventually('a leader', () => [a, b, c].some((e) => e.isLeader()));
    // Stay a while: nobody else may ever lead at the same time.
    const observations: number[] = [];
    const deadline = Date.now() + 1_000;
    while (Date.now() < deadline) {
      observations.push([a, b, c].filter((e) => e.isLeader()).length);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(Math.max(...observations)).toBe(1);

    const leader = [a, b, c].find((e) => e.isLeader())!;
    const changes: boolean[] = [];
    const others = [a, b, c].filter((e) => e !== leader);
    others.forEach((o) => o.onChange((l) => changes.push(l)));
    const stoppedAt = Date.now();
    await leader.stop();
    await eventually('a new leader', () => others.some((e) => e.isLeader()), 5_000);
    // A released lock is taken at the next try (100 ms here; 1 s in production).
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(others.filter((e) => e.isLeader())).toHaveLength(1);
    expect(changes).toEqual([true]);
  });

  it('steps down at once when its session dies, stops its tasks, and the lock moves', async () => {
    const a = candidate('victim');
    let runs = 0;
    a.runWhileLeader('count', 20, async () => {
      runs++;
    });
    a.start();
    await eventually('a leads', () => a.isLeader());
    await eventually('its task runs', () => runs > 3);
    const b = candidate('heir');
    b.start();

    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'switchyard-leader:victim'`,
      );
      expect(killed.rows).toEqual([{ ok: true }]);
    } finally {
      await admin.end();
    }
    await eventually('the victim steps down', () => !a.isLeader(), 5_000);
    const runsAtStepDown = runs;
    await eventually('the heir leads', () => b.isLeader() || a.isLeader(), 5_000);
    // Whoever leads now, there is one.
    expect([a, b].filter((e) => e.isLeader())).toHaveLength(1);
    if (!a.isLeader()) expect(runs).toBe(runsAtStepDown);
  });

  it('never overlaps a task with itself, and an error does not stop the loop', async () => {
    const a = candidate('runner');
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const task = a.runWhileLeader('slow', 5, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      runs++;
      await new Promise((r) => setTimeout(r, 30));
      running--;
      if (runs % 2 === 0) throw new Error('every other run fails');
    });
    a.start();
    await eventually('a leads', () => a.isLeader());
    for (let i = 0; i < 50; i++) {
      task.trigger();
      await new Promise((r) => setTimeout(r, 2));
    }
    await eventually('many runs despite errors', () => runs >= 8, 10_000);
    expect(maxRunning).toBe(1);
    task.stop();
  });

  it('runs no task on a follower', async () => {
    const leader = candidate('holder');
    leader.start();
    await eventually('the holder leads', () => leader.isLeader());
    const follower = candidate('follower');
    let runs = 0;
    const task = follower.runWhileLeader('never', 5, async () => {
      runs++;
    });
    follower.start();
    task.trigger();
    const until = Date.now() + 500;
    while (Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(follower.isLeader()).toBe(false);
    expect(runs).toBe(0);
  });
});
