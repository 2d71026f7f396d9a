import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConfigDocumentDto } from '@switchyard/contracts';

/** A versioned config document for a scope (`global` or `connection:<id>`). */
@Entity('config_versions')
export class ConfigVersionEntity {
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('jsonb')
  document!: ConfigDocumentDto;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}

/** A sidecar's ack of a config version: applied, or rejected with the reasons. */
@Entity('config_rollouts')
export class ConfigRolloutEntity {
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('integer')
  version!: number;

  @PrimaryColumn('text', { name: 'sidecar_id' })
  sidecarId!: string;

  @Column('text')
  status!: 'APPLIED' | 'REJECTED';

  @Column('jsonb')
  errors!: Array<{ path: string; message: string }>;

  @Column('timestamptz', { name: 'acked_at' })
  ackedAt!: Date;
}
