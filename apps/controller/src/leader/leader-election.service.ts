/**
 * Leader election for the controller's singletons (outbox relay, deadline and TTL sweeps,
 * decision ticks): a PostgreSQL SESSION advisory lock held on a dedicated `pg.Client`, never on
 * the TypeORM pool, so the lock lives exactly as long as that one session.
 *
 * - A follower tries `pg_try_advisory_lock` every `retryMs` (1 s).
 * - The leader checks its session every `checkMs` (1 s) with a bounded query; a failed or slow
 *   check means the lock may be gone: it steps down at once and stops every singleton task.
 * - A killed leader: its TCP connection closes and PostgreSQL ends the session, releasing the
 *   lock; a follower takes it at its next try (≤ retryMs, measured ≈ 1 s).
 * - A frozen or partitioned leader: its session goes silent. The session runs with
 *   `idle_session_timeout` (default 10 s) and server-side TCP keepalives / `tcp_user_timeout`,
 *   so PostgreSQL ends it — and frees the lock — at most ~10 s after the last check arrived.
 *   A partitioned leader's own check fails within checkMs + checkTimeoutMs (3 s), well before
 *   that, so it has stopped its tasks before anyone else can take over. A *frozen* process
 *   (SIGSTOP, a long GC pause) cannot stop itself: when it thaws, at most one already-started
 *   task iteration runs before its next check fails. That overlap is harmless by design: every
 *   decision is fenced by the epoch compare-and-set, relayed commands are deduplicated by id on
 *   the sidecar, and the relay claims rows with `for update skip locked`.
 * - Graceful shutdown: stop the tasks, wait for running iterations, `pg_advisory_unlock`, end
 *   the session — a follower takes over at its next try instead of after a timeout.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { ControllerMetrics } from '../observability/controller-metrics';
import { withTimeout } from './with-timeout';

/** Arbitrary constant shared by every replica: "SWLD" (the migration lock is a different key). */
export const LEADER_LOCK_KEY = 0x5357_4c44;

export const LEADER_SETTINGS = Symbol('LEADER_SETTINGS');

export interface LeaderSettings {
  databaseUrl: string;
  replicaId: string;
  /** Follower: how often to try the lock (default 1000 ms). */
  retryMs: number;
  /** Leader: how often to check the session (default 1000 ms). */
  checkMs: number;
  /** A check slower than this counts as failed (default 2000 ms). */
  checkTimeoutMs: number;
  /** PostgreSQL ends a silent session after this long, releasing the lock (default 10000 ms). */
  idleSessionTimeoutMs: number;
  /** The lock key (tests may isolate themselves with another key). */
  lockKey: number;
}

export const DEFAULT_LEADER_SETTINGS: Omit<LeaderSettings, 'databaseUrl' | 'replicaId'> = {
  retryMs: 1_000,
  checkMs: 1_000,
  checkTimeoutMs: 2_000,
  idleSessionTimeoutMs: 10_000,
  lockKey: LEADER_LOCK_KEY,
};

export type LeaderListener = (leader: boolean) => void;

/** A singleton task registered with runWhileLeader. */
export interface LeaderTask {
  /** Run it as soon as possible (if it is running now, once more right after). No-op on followers. */
  trigger(): void;
  /** Unregister it (a running iteration finishes). */
  stop(): void;
}

interface TaskEntry {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  again: boolean;
  active: boolean;
  stopped: boolean;
}

@Injectable()
export class LeaderElection {
  private readonly logger = new Logger('Leader');
  private readonly listeners = new Set<LeaderListener>();
  private readonly tasks = new Set<TaskEntry>();
  /**
   * Every iteration still running, also of tasks already unregistered (a module may unregister
   * its task on destroy while an iteration is under way): `stop()` waits for all of them, so none
   * outlives the database pool it uses.
   */
  private readonly inflight = new Set<Promise<void>>();
  private client: Client | null = null;
  private leader = false;
  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private cycle: Promise<void> | null = null;
  private leaderSince: number | null = null;

  constructor(
    @Inject(LEADER_SETTINGS) private readonly settings: LeaderSettings,
    private readonly metrics: ControllerMetrics,
  ) {
    this.metrics.leader.set(0);
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** Milliseconds since this replica became leader (null on a follower). */
  leaderForMs(): number | null {
    return this.leaderSince === null ? null : Date.now() - this.leaderSince;
  }

  onChange(listener: LeaderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `task` every `intervalMs` while this replica leads. An iteration never overlaps the
   * previous one (the next is scheduled when it ends); an error is logged and the loop goes on.
   */
  runWhileLeader(name: string, intervalMs: number, task: () => Promise<unknown>): LeaderTask {
    const entry: TaskEntry = {
      name,
      intervalMs,
      run: task,
      timer: null,
      running: null,
      again: false,
      active: false,
      stopped: false,
    };
    this.tasks.add(entry);
    if (this.leader) this.activate(entry);
    return {
      trigger: () => this.triggerTask(entry),
      stop: () => {
        entry.stopped = true;
        this.deactivate(entry);
        this.tasks.delete(entry);
      },
    };
  }

  /** Starts campaigning (first try at once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops every task, waits for running iterations, releases the lock and ends the session. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.cycle?.catch(() => undefined);
    const wasLeader = this.leader;
    await this.stepDown('shutting down');
    await Promise.all([...this.inflight]);
    const client = this.client;
    this.client = null;
    if (client) {
      if (wasLeader) {
        await withTimeout(
          client.query('select pg_advisory_unlock($1)', [this.settings.lockKey]),
          this.settings.checkTimeoutMs,
          'unlock',
        ).catch((err: Error) => this.logger.warn(`could not release the leader lock cleanly: ${err.message}`));
      }
      await withTimeout(client.end(), this.settings.checkTimeoutMs, 'session end').catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cycle = this.campaign().finally(() => {
        this.cycle = null;
        this.schedule(this.leader ? this.settings.checkMs : this.settings.retryMs);
      });
    }, delayMs);
  }

  private async campaign(): Promise<void> {
    try {
      const client = await this.session();
      if (this.leader) {
        // The session still exists and is ours: the lock is still held (a session lock ends only with it).
        await withTimeout(client.query('select 1'), this.settings.checkTimeoutMs, 'leader session check');
        return;
      }
      const res = await withTimeout(
        client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [this.settings.lockKey]),
        this.settings.checkTimeoutMs,
        'lock attempt',
      );
      if (res.rows[0]?.locked === true && !this.stopping) this.stepUp();
      else if (res.rows[0]?.locked === true) {
        await client.query('select pg_advisory_unlock($1)', [this.settings.lockKey]).catch(() => undefined);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (this.leader) {
        await this.stepDown(`leader session check failed: ${message}`);
      } else {
        this.logger.warn(`leader election: ${message}`);
      }
      this.dropSession();
    }
  }

  private async session(): Promise<Client> {
    if (this.client) return this.client;
    const idle = this.settings.idleSessionTimeoutMs;
    const client = new Client({
      connectionString: this.settings.databaseUrl,
      application_name: `switchyard-leader:${this.settings.replicaId}`.slice(0, 63),
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
      connectionTimeoutMillis: this.settings.checkTimeoutMs * 2,
      // Server side: end this session (and free the lock) when it goes silent or its peer vanishes.
      options: [
        `-c idle_session_timeout=${idle}`,
        `-c tcp_keepalives_idle=${Math.max(1, Math.floor(idle / 4_000))}`,
        '-c tcp_keepalives_interval=1',
        '-c tcp_keepalives_count=3',
        `-c tcp_user_timeout=${idle}`,
        '-c statement_timeout=5000',
      ].join(' '),
    });
    client.on('error', (err: Error) => {
      // The session died under us (server terminated it, network): whatever we held is gone.
      this.logger.warn(`leader session error: ${err.message}`);
      if (this.client === client) {
        this.client = null;
        void this.stepDown(`leader session lost: ${err.message}`);
      }
    });
    this.client = client;
    try {
      await client.connect();
    } catch (err) {
      this.client = null;
      throw err;
    }
    return client;
  }

  private dropSession(): void {
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
  }

  private stepUp(): void {
    if (this.leader) return;
    this.leader = true;
    this.leaderSince = Date.now();
    this.metrics.leader.set(1);
    this.metrics.leaderChanges.inc({ change: 'gained' });
    this.logger.log(`became leader (replica ${this.settings.replicaId}); starting ${this.tasks.size} singleton tasks`);
    for (const entry of this.tasks) this.activate(entry);
    this.notify(true);
  }

  private async stepDown(why: string): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    this.leaderSince = null;
    this.metrics.leader.set(0);
    this.metrics.leaderChanges.inc({ change: 'lost' });
    this.logger.warn(`stepped down as leader: ${why}`);
    for (const entry of this.tasks) this.deactivate(entry);
    this.notify(false);
    await Promise.all([...this.inflight]);
  }

  private notify(leader: boolean): void {
    for (const l of this.listeners) {
      try {
        l(leader);
      } catch (err) {
        this.logger.error(`leadership listener failed: ${(err as Error).message}`);
      }
    }
  }

  private activate(entry: TaskEntry): void {
    if (entry.active || entry.stopped) return;
    entry.active = true;
    this.runTask(entry);
  }

  private deactivate(entry: TaskEntry): void {
    entry.active = false;
    entry.again = false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }

  private triggerTask(entry: TaskEntry): void {
    if (!entry.active) return;
    if (entry.running) {
      entry.again = true;
      return;
    }
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    this.runTask(entry);
  }

  private runTask(entry: TaskEntry): void {
    entry.timer = null;
    const iteration = (async () => {
      try {
        await entry.run();
      } catch (err) {
        this.logger.error(`singleton task ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
    this.inflight.add(iteration);
    entry.running = iteration.finally(() => {
      this.inflight.delete(iteration);
      entry.running = null;
      if (!entry.active || !this.leader) return;
      const delay = entry.again ? 0 : entry.intervalMs;
      entry.again = false;
      entry.timer = setTimeout(() => this.runTask(entry), delay);
    });
  }
}
