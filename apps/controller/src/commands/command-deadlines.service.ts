/**
 * Deadlines (leader sweep, every second): a command still without a result when its deadline
 * passes is closed, with the reason, and so is its failover event (TIMED_OUT); then the decision
 * engine gets COMMAND_OUTCOME TIMEOUT so it moves on — the next healthy target, or MARK_FAILED —
 * which may write a new command.
 *
 * Two final statuses, so an operator can tell "never left the controller" from "the sidecar was
 * told and did not answer":
 * - EXPIRED: no delivery path ever accepted the command (first_delivered_at is null).
 * - TIMEOUT: it was handed over at least once, and no result came back in time.
 * The engine sees TIMEOUT in both cases (for it, the switch did not happen in time).
 *
 * The close and the event update are one transaction; the engine call follows the commit. If the
 * process dies in between, the engine's own housekeeping resolves the pending switch at its
 * deadline on the next input (the decision-tick sweep provides one every second).
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { OutboxStatus } from '../database/entities';
import { FailoverDecisionService, REPLICA_ID } from '../failover/failover-decision.service';
import { LeaderElection, type LeaderTask } from '../leader/leader-election.service';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';
import { RELAY_SETTINGS, type RelaySettings } from './relay-settings';

interface DueRow {
  id: string;
  type: string;
  sidecar_id: string;
  connection_id: string | null;
  failover_event_id: string | null;
  issued_at: Date;
  deadline: Date;
  attempts: number;
  first_delivered_at: Date | null;
  delivered: Record<string, string>;
}

export interface ClosedCommand {
  commandId: string;
  status: Extract<OutboxStatus, 'TIMEOUT' | 'EXPIRED'>;
  detail: string;
  connectionId: string | null;
  failoverEventId: string | null;
}

@Injectable()
export class CommandDeadlines implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CommandDeadlines');
  private task: LeaderTask | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly leader: LeaderElection,
    private readonly decisions: FailoverDecisionService,
    private readonly metrics: ControllerMetrics,
    private readonly events: RegistryEvents,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(RELAY_SETTINGS) private readonly settings: RelaySettings,
  ) {}

  onModuleInit(): void {
    this.task = this.leader.runWhileLeader('command-deadlines', this.settings.deadlineSweepMs, () => this.closeDue());
  }

  onModuleDestroy(): void {
    this.task?.stop();
  }

  /** Closes up to one batch of commands past their deadline; returns what it closed. */
  async closeDue(): Promise<ClosedCommand[]> {
    const now = this.clock.now();
    const closed = await this.db.transaction(async (tx) => {
      const due = (await tx.query(
        `select id, type, sidecar_id, connection_id, failover_event_id, issued_at, deadline, attempts,
                first_delivered_at, delivered
           from commands
          where status in ('PENDING', 'DELIVERED') and deadline <= $1
          order by deadline
          limit $2
          for update skip locked`,
        [now, this.settings.batchSize],
      )) as DueRow[];
      const out: ClosedCommand[] = [];
      for (const r of due) {
        const deadline = new Date(r.deadline).toISOString();
        const paths = Object.keys(r.delivered ?? {}).sort();
        const status: ClosedCommand['status'] = r.first_delivered_at ? 'TIMEOUT' : 'EXPIRED';
        const detail =
          status === 'TIMEOUT'
            ? `no result from sidecar ${r.sidecar_id} by its deadline ${deadline}; sent ${r.attempts} time(s) over ${paths.join(', ')}`
            : `no delivery path accepted the command before its deadline ${deadline}; ${r.attempts} attempt(s)`;
        await tx.query(`update commands set status = $2, status_detail = $3 where id = $1`, [r.id, status, detail]);
        if (r.failover_event_id) {
          await tx.query(
            `update failover_events
                set outcome = 'TIMED_OUT', outcome_detail = $2, delivered_at = coalesce(delivered_at, $3),
                    completed_at = $4,
                    duration_ms = greatest(0, round(extract(epoch from ($4::timestamptz - coalesce(detected_at, decided_at))) * 1000))::int
              where id = $1 and outcome = 'PENDING'`,
            [r.failover_event_id, detail, r.first_delivered_at, now],
          );
        }
        this.metrics.commandsFinished.inc({ type: r.type, status });
        out.push({
          commandId: r.id,
          status,
          detail,
          connectionId: r.connection_id,
          failoverEventId: r.failover_event_id,
        });
      }
      return out;
    });

    for (const c of closed) {
      this.logger.warn(`command ${c.commandId} ${c.status}: ${c.detail}`);
      this.events.emit({
        type: 'command.updated',
        at: now.toISOString(),
        ...(c.connectionId ? { connectionId: c.connectionId } : {}),
        data: { commandId: c.commandId, status: c.status, detail: c.detail },
      });
      if (!c.connectionId || !c.failoverEventId) continue;
      this.events.emit({
        type: 'failover.completed',
        at: now.toISOString(),
        connectionId: c.connectionId,
        data: { failoverEventId: c.failoverEventId, outcome: 'TIMED_OUT', commandId: c.commandId },
      });
      try {
        await this.decisions.apply(
          c.connectionId,
          { type: 'COMMAND_OUTCOME', decisionId: c.failoverEventId, status: 'TIMEOUT', detail: c.detail },
          { kind: 'controller', id: this.replicaId },
        );
      } catch (err) {
        this.logger.warn(`engine could not take the timeout of ${c.commandId}: ${(err as Error).message}`);
      }
    }
    return closed;
  }
}
