import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SidecarRegistrationDto } from '@switchyard/contracts';

export type SidecarMembership = 'ACTIVE' | 'LOST' | 'DEREGISTERED';

/** A sidecar's membership: registered, heartbeating, or LOST after its TTL expired. */
@Entity('sidecars')
export class SidecarEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'pod_name' })
  podName!: string;

  @Column('text')
  namespace!: string;

  @Column('text')
  version!: string;

  @Column('text', { name: 'application_endpoint' })
  applicationEndpoint!: string;

  @Column('jsonb')
  capabilities!: string[];

  @Column('text')
  status!: SidecarMembership;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'last_heartbeat_at' })
  lastHeartbeatAt!: Date;

  @Column('timestamptz', { name: 'lost_at', nullable: true })
  lostAt!: Date | null;

  @Column('jsonb')
  registration!: SidecarRegistrationDto;
}
