import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CommandDto, CommandResultDto } from '@switchyard/contracts';
import { bigintAsNumber } from './connection.entity';

export type OutboxStatus = 'PENDING' | 'DELIVERED' | 'SUCCEEDED' | 'FAILED' | 'REJECTED' | 'TIMEOUT' | 'EXPIRED';
export type DeliveryPath = 'kafka' | 'redis' | 'http';

/** The command outbox: written in the decision's transaction, relayed by the leader, closed by the result. */
@Entity('commands')
export class CommandEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('text', { name: 'sidecar_id' })
  sidecarId!: string;

  @Column('text', { name: 'connection_id', nullable: true })
  connectionId!: string | null;

  @Column('bigint', { transformer: bigintAsNumber })
  epoch!: number;

  /** The full contract command as sent (validated with libs/contracts). */
  @Column('jsonb')
  command!: CommandDto;

  @Column('uuid', { name: 'failover_event_id', nullable: true })
  failoverEventId!: string | null;

  @Column('text')
  status!: OutboxStatus;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt!: Date;

  @Column('timestamptz')
  deadline!: Date;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  /** Per path, when the relay last handed it over: {"kafka": "...", "redis": "...", "http": "..."}. */
  @Column('jsonb')
  delivered!: Partial<Record<DeliveryPath, string>>;

  @Column('timestamptz', { name: 'first_delivered_at', nullable: true })
  firstDeliveredAt!: Date | null;

  @Column('timestamptz', { name: 'acked_at', nullable: true })
  ackedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  result!: CommandResultDto | null;

  @Column('text', { name: 'status_detail', nullable: true })
  statusDetail!: string | null;
}
