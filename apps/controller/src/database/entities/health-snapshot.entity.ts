import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HealthReportDto } from '@switchyard/contracts';

/** Health history: every state transition, plus a sample of steady-state reports (not every one). */
@Entity('health_snapshots')
export class HealthSnapshotEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('text', { name: 'connection_id' })
  connectionId!: string;

  @Column('text', { name: 'sidecar_id' })
  sidecarId!: string;

  @Column('text')
  kind!: 'TRANSITION' | 'SAMPLE';

  @Column('text')
  status!: string;

  @Column('text', { name: 'previous_status', nullable: true })
  previousStatus!: string | null;

  @Column('integer')
  score!: number;

  @Column('text', { name: 'active_endpoint_id', nullable: true })
  activeEndpointId!: string | null;

  @Column('text', { name: 'hard_signal', nullable: true })
  hardSignal!: string | null;

  @Column('jsonb')
  report!: HealthReportDto;

  @Column('timestamptz', { name: 'reported_at' })
  reportedAt!: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;
}
