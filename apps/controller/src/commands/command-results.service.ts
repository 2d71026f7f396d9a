/**
 * A sidecar's result closes its command and the failover event behind it, then tells the decision
 * engine (COMMAND_OUTCOME) so it can move on: confirm the switch, or try the next target. Results
 * arrive over Kafka `command-results` and REST, possibly both, possibly more than once:
 *
 * - Idempotent: the command row is locked; a result for a command that already has one changes
 *   nothing (`duplicate`).
 * - Only the command's own sidecar may answer it (`wrong-sidecar`: ignored and logged, 409 on REST).
 * - `REJECTED` with code `DUPLICATE` is the sidecar saying "I already have this command id" about
 *   one of our re-sent copies. It is a receipt, not the outcome: it never closes a command (the
 *   real result may still be on its way).
 * - A result after the deadline sweep closed the command (TIMEOUT / EXPIRED) is kept as evidence
 *   (`late`) but does not reopen it or reach the engine, which has already moved on; if the late
 *   result says the link moved, the sidecar's next health report reconciles the registry.
 * - A stale-epoch REJECTED is an ordinary result: the sidecar fenced an old command.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { safeCommandResultView, type CommandResultDto } from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { CommandEntity, type FailoverOutcome, type FailoverPhaseRecord, type OutboxStatus } from '../database/entities';
import { FailoverDecisionService, REPLICA_ID } from '../failover/failover-decision.service';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';

export type ResultDisposition =
  'recorded' | 'duplicate' | 'receipt' | 'late' | 'unknown' | 'wrong-sidecar' | 'type-mismatch';

export interface ResultOutcome {
  disposition: ResultDisposition;
  command: CommandEntity | null;
  /** Why it was not recorded, in operator words (for logs and 409 bodies). */
  detail?: string;
}

const FINAL: readonly OutboxStatus[] = ['SUCCEEDED', 'FAILED', 'REJECTED', 'TIMEOUT', 'EXPIRED'];

const STATUS_OF: Record<CommandResultDto['status'], OutboxStatus> = {
  SUCCESS: 'SUCCEEDED',
  FAILED: 'FAILED',
  REJECTED: 'REJECTED',
  TIMEOUT: 'TIMEOUT',
};

const OUTCOME_OF: Record<CommandResultDto['status'], FailoverOutcome> = {
  SUCCESS: 'SUCCEEDED',
  FAILED: 'FAILED',
  REJECTED: 'REJECTED',
  TIMEOUT: 'TIMED_OUT',
};

function errorText(result: CommandResultDto): string | null {
  return result.error ? `${result.error.code}: ${result.error.message}` : null;
}

@Injectable()
export class CommandResultsService {
  private readonly logger = new Logger('CommandResults');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly decisions: FailoverDecisionService,
    private readonly metrics: ControllerMetrics,
    private readonly events: RegistryEvents,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  async record(result: CommandResultDto, source: 'kafka' | 'http'): Promise<ResultOutcome> {
    const now = this.clock.now();
    const outcome = await this.db.transaction(async (tx): Promise<ResultOutcome> => {
      const repo = tx.getRepository(CommandEntity);
      const command = await repo.findOne({ where: { id: result.commandId }, lock: { mode: 'pessimistic_write' } });
      if (!command) return { disposition: 'unknown', command: null, detail: `no command ${result.commandId}` };
      if (command.sidecarId !== result.sidecarId) {
        return {
          disposition: 'wrong-sidecar',
          command,
          detail: `command ${command.id} was issued to sidecar ${command.sidecarId}, not ${result.sidecarId}`,
        };
      }
      if (command.type !== result.type) {
        return {
          disposition: 'type-mismatch',
          command,
          detail: `command ${command.id} is a ${command.type}, the result is for a ${result.type}`,
        };
      }
      if (result.status === 'REJECTED' && result.error?.code === 'DUPLICATE') {
        return { disposition: 'receipt', command };
      }
      const stored = safeCommandResultView(result);
      if (FINAL.includes(command.status)) {
        if (command.result !== null) return { disposition: 'duplicate', command };
        // Closed by the deadline sweep before this arrived: keep it as evidence, change nothing else.
        const note = `late result at ${now.toISOString()}: ${result.status}${errorText(result) ? ` (${errorText(result)})` : ''}`;
        await tx.query(`update commands set result = $2::jsonb, status_detail = $3 where id = $1`, [
          command.id,
          JSON.stringify(stored),
          `${command.statusDetail ?? command.status}; ${note}`.slice(0, 4000),
        ]);
        return { disposition: 'late', command: { ...command, result: stored } };
      }
      const status = STATUS_OF[result.status];
      const detail = errorText(result);
      await tx.query(
        `update commands set status = $2, acked_at = $3, result = $4::jsonb, status_detail = $5 where id = $1`,
        [command.id, status, now, JSON.stringify(stored), detail],
      );
      if (command.failoverEventId) {
        const phases: FailoverPhaseRecord[] = (result.timings.phases ?? []).map((p) => ({
          name: p.name,
          startedAt: p.startedAt,
          durationMs: p.durationMs,
          outcome: p.outcome,
          ...(p.detail !== undefined ? { detail: p.detail } : {}),
        }));
        await tx.query(
          `update failover_events
              set outcome = $2, outcome_detail = coalesce($3, outcome_detail), phases = $4::jsonb,
                  delivered_at = coalesce(delivered_at, $5), completed_at = $6,
                  duration_ms = greatest(0, round(extract(epoch from ($6::timestamptz - coalesce(detected_at, decided_at))) * 1000))::int
            where id = $1 and outcome = 'PENDING'`,
          [
            command.failoverEventId,
            OUTCOME_OF[result.status],
            detail,
            JSON.stringify(phases),
            command.firstDeliveredAt,
            now,
          ],
        );
      }
      return {
        disposition: 'recorded',
        command: { ...command, status, ackedAt: now, result: stored, statusDetail: detail },
      };
    });

    const command = outcome.command;
    if (
      outcome.disposition === 'wrong-sidecar' ||
      outcome.disposition === 'type-mismatch' ||
      outcome.disposition === 'unknown'
    ) {
      this.logger.warn(`ignored a ${result.status} result over ${source}: ${outcome.detail}`);
      return outcome;
    }
    if (outcome.disposition !== 'recorded' || !command) return outcome;

    const seconds = Math.max(0, (now.getTime() - command.issuedAt.getTime()) / 1000);
    this.metrics.commandResultSeconds.observe({ type: command.type, status: result.status }, seconds);
    this.metrics.commandsFinished.inc({ type: command.type, status: command.status });
    this.events.emit({
      type: 'command.updated',
      at: now.toISOString(),
      ...(command.connectionId ? { connectionId: command.connectionId } : {}),
      sidecarId: command.sidecarId,
      data: { commandId: command.id, status: command.status, deliveredVia: result.deliveredVia, source },
    });
    if (command.failoverEventId && command.connectionId) {
      this.events.emit({
        type: 'failover.completed',
        at: now.toISOString(),
        connectionId: command.connectionId,
        data: { failoverEventId: command.failoverEventId, outcome: OUTCOME_OF[result.status], commandId: command.id },
      });
    }
    if (command.type === 'TRIGGER_FAILOVER' && command.failoverEventId && command.connectionId) {
      const detail = errorText(result);
      try {
        await this.decisions.apply(
          command.connectionId,
          {
            type: 'COMMAND_OUTCOME',
            decisionId: command.failoverEventId,
            status: result.status,
            ...(detail ? { detail } : {}),
          },
          { kind: 'controller', id: this.replicaId },
        );
      } catch (err) {
        // The result is recorded; the engine also resolves a pending switch at its deadline.
        this.logger.warn(
          `result of ${command.id} recorded, but the decision engine could not take it: ${(err as Error).message}`,
        );
      }
    }
    return outcome;
  }
}
