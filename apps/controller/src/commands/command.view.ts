/**
 * The ops view of one command: what was issued, when each path took it, when and how the sidecar
 * answered, and the deadline. Card data never leaves: commands and results are shown through the
 * contracts' safe views (SEND_MESSAGE fields masked).
 */
import { safeCommandResultView, safeCommandView, type Command } from '@switchyard/contracts';
import type { CommandEntity } from '../database/entities';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function commandView(c: CommandEntity) {
  const open = c.status === 'PENDING' || c.status === 'DELIVERED';
  return {
    commandId: c.id,
    type: c.type,
    sidecarId: c.sidecarId,
    connectionId: c.connectionId,
    epoch: c.epoch,
    failoverEventId: c.failoverEventId,
    status: c.status,
    statusDetail: c.statusDetail,
    issuedAt: c.issuedAt.toISOString(),
    deadline: c.deadline.toISOString(),
    attempts: c.attempts,
    nextAttemptAt: open ? c.nextAttemptAt.toISOString() : null,
    delivery: {
      kafka: c.delivered.kafka ?? null,
      redis: c.delivered.redis ?? null,
      http: c.delivered.http ?? null,
      firstDeliveredAt: iso(c.firstDeliveredAt),
    },
    ackedAt: iso(c.ackedAt),
    result: c.result ? safeCommandResultView(c.result) : null,
    command: safeCommandView(c.command as unknown as Command),
  };
}

export type CommandView = ReturnType<typeof commandView>;
