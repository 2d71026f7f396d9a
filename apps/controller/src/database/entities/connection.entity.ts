import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EndpointDto } from '@switchyard/contracts';

export type RegistryConnectionStatus = 'CONNECTING' | 'ACTIVE' | 'DEGRADED' | 'FAILED' | 'UNKNOWN';

/** bigint comes back from pg as a string; epochs stay far below 2^53. */
const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A payment link managed by one sidecar: its endpoints in priority order (0 = primary), the active
 * one, the fencing epoch, the failover policy overrides and the decision engine's state.
 */
@Entity('connections')
export class ConnectionEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'sidecar_id', nullable: true })
  sidecarId!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb')
  endpoints!: EndpointDto[];

  @Column('text', { name: 'active_endpoint_id', nullable: true })
  activeEndpointId!: string | null;

  @Column('bigint', { transformer: bigintAsNumber })
  epoch!: number;

  @Column('text')
  status!: RegistryConnectionStatus;

  @Column('integer', { nullable: true })
  score!: number | null;

  /** Overrides of the failover settings for this connection (partial FailoverSettingsDto). */
  @Column('jsonb')
  policy!: Record<string, unknown>;

  @Column('boolean')
  maintenance!: boolean;

  /** The decision engine's persisted state (any replica can continue from it). */
  @Column('jsonb', { name: 'decision_state', nullable: true })
  decisionState!: Record<string, unknown> | null;

  @Column('jsonb')
  metadata!: Record<string, string>;

  @Column('timestamptz', { name: 'last_report_at', nullable: true })
  lastReportAt!: Date | null;

  @Column('bigint', { name: 'last_report_seq', nullable: true, transformer: bigintAsNumber })
  lastReportSeq!: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('integer', { name: 'row_version' })
  rowVersion!: number;
}

export { bigintAsNumber };
