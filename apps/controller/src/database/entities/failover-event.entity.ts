import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './connection.entity';

export type FailoverOutcome =
  'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'SUPERSEDED' | 'SUPPRESSED' | 'REJECTED' | 'RECORDED';

export interface FailoverPhaseRecord {
  name: string;
  startedAt: string;
  durationMs: number;
  outcome: string;
  detail?: string;
}

/** One decision about a connection's active endpoint: who/what decided, why, when each phase ran, how it ended. */
@Entity('failover_events')
export class FailoverEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'connection_id' })
  connectionId!: string;

  @Column('text')
  action!: string;

  @Column('text')
  trigger!: string;

  @Column('text')
  reason!: string;

  @Column('text', { name: 'from_endpoint_id', nullable: true })
  fromEndpointId!: string | null;

  @Column('text', { name: 'to_endpoint_id', nullable: true })
  toEndpointId!: string | null;

  @Column('bigint', { name: 'epoch_before', transformer: bigintAsNumber })
  epochBefore!: number;

  @Column('bigint', { name: 'epoch_after', nullable: true, transformer: bigintAsNumber })
  epochAfter!: number | null;

  @Column('text', { name: 'decided_by' })
  decidedBy!: string;

  @Column('boolean')
  shadow!: boolean;

  @Column('text')
  outcome!: FailoverOutcome;

  @Column('text', { name: 'outcome_detail', nullable: true })
  outcomeDetail!: string | null;

  @Column('timestamptz', { name: 'detected_at', nullable: true })
  detectedAt!: Date | null;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt!: Date;

  @Column('timestamptz', { name: 'command_issued_at', nullable: true })
  commandIssuedAt!: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs!: number | null;

  @Column('jsonb')
  phases!: FailoverPhaseRecord[];
}
