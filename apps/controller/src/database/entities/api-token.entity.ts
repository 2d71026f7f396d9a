import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TokenRole = 'viewer' | 'operator' | 'admin' | 'sidecar';

/** A bearer token: only its SHA-256 hash is stored; the token itself is shown once, at creation. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  role!: TokenRole;

  @Column('text', { name: 'token_hash', unique: true })
  tokenHash!: string;

  @Column('text', { nullable: true })
  label!: string | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('text', { name: 'bound_sidecar_id', nullable: true })
  boundSidecarId!: string | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
