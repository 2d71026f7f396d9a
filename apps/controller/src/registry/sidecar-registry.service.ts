/**
 * Sidecar membership and the connections each one manages. A sidecar registers on pod start (and
 * again whenever the controller says it does not know it), heartbeats, and is declared LOST when
 * its heartbeats stop for the TTL; its connections then show UNKNOWN until it or a successor
 * registers. A connection belongs to one live sidecar at a time: two live sidecars claiming the
 * same link would be split brain, so the second claim is refused.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import type {
  EndpointDto,
  SidecarHeartbeatDto,
  SidecarRegistrationDto,
  RegisteredConnectionDto,
} from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem/problem.exception';
import { ConnectionEntity, SidecarEntity } from '../database/entities';
import { RegistryEvents } from './registry.events';

export interface RegistrySettings {
  heartbeatIntervalMs: number;
  sidecarTtlMs: number;
}

export interface RegistrationReceipt {
  sidecarId: string;
  heartbeatIntervalMs: number;
  ttlMs: number;
  connections: Array<{ connectionId: string; epoch: number; activeEndpointId: string | null }>;
}

export function defaultActiveEndpoint(endpoints: readonly EndpointDto[]): string | null {
  const sorted = [...endpoints].sort((a, b) => a.priority - b.priority);
  return sorted[0]?.id ?? null;
}

@Injectable()
export class SidecarRegistryService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: RegistryEvents,
    private readonly settings: RegistrySettings,
  ) {}

  async register(reg: SidecarRegistrationDto): Promise<RegistrationReceipt> {
    const now = this.clock.now();
    const receipt = await this.db.transaction(async (tx) => {
      await tx
        .createQueryBuilder()
        .insert()
        .into(SidecarEntity)
        .values({
          id: reg.sidecarId,
          podName: reg.podName,
          namespace: reg.namespace,
          version: reg.version,
          applicationEndpoint: reg.applicationEndpoint,
          capabilities: reg.capabilities,
          status: 'ACTIVE',
          registeredAt: now,
          startedAt: new Date(reg.startedAt),
          lastHeartbeatAt: now,
          lostAt: null,
          registration: reg,
        })
        .orUpdate(
          [
            'pod_name',
            'namespace',
            'version',
            'application_endpoint',
            'capabilities',
            'status',
            'registered_at',
            'started_at',
            'last_heartbeat_at',
            'lost_at',
            'registration',
          ],
          ['id'],
        )
        .execute();
      const connections: RegistrationReceipt['connections'] = [];
      for (const c of reg.connections) connections.push(await this.claim(tx, reg.sidecarId, c, now));
      return {
        sidecarId: reg.sidecarId,
        heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
        ttlMs: this.settings.sidecarTtlMs,
        connections,
      };
    });
    this.events.emit({
      type: 'sidecar.registered',
      at: now.toISOString(),
      sidecarId: reg.sidecarId,
      data: { connections: receipt.connections.map((c) => c.connectionId) },
    });
    return receipt;
  }

  /** The seed's `POST /connections/register`: one connection, by an already registered sidecar. */
  async registerConnection(
    sidecarId: string,
    c: RegisteredConnectionDto,
  ): Promise<RegistrationReceipt['connections'][number]> {
    const now = this.clock.now();
    const result = await this.db.transaction(async (tx) => {
      const sidecar = await tx
        .getRepository(SidecarEntity)
        .findOne({ where: { id: sidecarId }, lock: { mode: 'pessimistic_read' } });
      if (!sidecar || sidecar.status !== 'ACTIVE') {
        throw ProblemException.of(
          409,
          `sidecar ${sidecarId} is not registered (or was declared lost); register it first`,
          'https://switchyard.dev/problems/unknown-sidecar',
        );
      }
      return this.claim(tx, sidecarId, c, now);
    });
    this.events.emit({
      type: 'connection.updated',
      at: now.toISOString(),
      connectionId: c.connectionId,
      sidecarId,
      data: { registered: true },
    });
    return result;
  }

  private async claim(
    tx: EntityManager,
    sidecarId: string,
    c: RegisteredConnectionDto,
    now: Date,
  ): Promise<RegistrationReceipt['connections'][number]> {
    const repo = tx.getRepository(ConnectionEntity);
    const existing = await repo.findOne({ where: { id: c.connectionId }, lock: { mode: 'pessimistic_write' } });
    if (!existing) {
      const active = c.activeEndpointId ?? defaultActiveEndpoint(c.endpoints);
      await repo.insert({
        id: c.connectionId,
        sidecarId,
        description: null,
        endpoints: c.endpoints,
        activeEndpointId: active,
        epoch: 0,
        status: 'CONNECTING',
        score: null,
        policy: {},
        maintenance: false,
        decisionState: null,
        metadata: c.metadata ?? {},
        lastReportAt: null,
        lastReportSeq: null,
        createdAt: now,
        updatedAt: now,
        rowVersion: 1,
      });
      return { connectionId: c.connectionId, epoch: 0, activeEndpointId: active };
    }
    if (existing.sidecarId && existing.sidecarId !== sidecarId) {
      const owner = await tx.getRepository(SidecarEntity).findOneBy({ id: existing.sidecarId });
      if (owner && owner.status === 'ACTIVE') {
        throw ProblemException.conflict(
          `connection ${c.connectionId} is managed by the live sidecar ${owner.id}; it can move only after that sidecar deregisters or is declared lost`,
          { connectionId: c.connectionId, ownerSidecarId: owner.id },
        );
      }
    }
    // Endpoints come from the app's own configuration; epoch, policy, maintenance and decision
    // state stay. The report sequence restarts with each sidecar run.
    const active = c.activeEndpointId ?? existing.activeEndpointId ?? defaultActiveEndpoint(c.endpoints);
    await repo.update(
      { id: c.connectionId },
      {
        sidecarId,
        endpoints: c.endpoints,
        activeEndpointId: active,
        metadata: c.metadata ?? existing.metadata,
        status: existing.status === 'UNKNOWN' ? 'CONNECTING' : existing.status,
        lastReportSeq: null,
        updatedAt: now,
        rowVersion: existing.rowVersion + 1,
      },
    );
    return { connectionId: c.connectionId, epoch: existing.epoch, activeEndpointId: active };
  }

  /** Refreshes membership; an unknown (or deregistered) sidecar is told to register again. */
  async heartbeat(hb: SidecarHeartbeatDto): Promise<{ ttlMs: number; heartbeatIntervalMs: number }> {
    const now = this.clock.now();
    const res = await this.db
      .getRepository(SidecarEntity)
      .createQueryBuilder()
      .update()
      .set({ lastHeartbeatAt: now, status: 'ACTIVE', lostAt: null, version: hb.version })
      .where('id = :id and status in (:...statuses)', { id: hb.sidecarId, statuses: ['ACTIVE', 'LOST'] })
      .execute();
    if (res.affected !== 1) {
      throw ProblemException.of(
        404,
        `sidecar ${hb.sidecarId} is not registered; register again`,
        'https://switchyard.dev/problems/unknown-sidecar',
      );
    }
    return { ttlMs: this.settings.sidecarTtlMs, heartbeatIntervalMs: this.settings.heartbeatIntervalMs };
  }

  async deregister(sidecarId: string): Promise<void> {
    const now = this.clock.now();
    const res = await this.db
      .getRepository(SidecarEntity)
      .update({ id: sidecarId }, { status: 'DEREGISTERED', lostAt: now });
    if (res.affected !== 1) throw ProblemException.notFound(`sidecar ${sidecarId}`);
    await this.db.getRepository(ConnectionEntity).update({ sidecarId }, { status: 'UNKNOWN', updatedAt: now });
    this.events.emit({ type: 'sidecar.deregistered', at: now.toISOString(), sidecarId, data: {} });
  }

  /**
   * Declares LOST every ACTIVE sidecar silent for longer than the TTL and marks its connections
   * UNKNOWN (run by the leader). Returns the ids it expired.
   */
  async expireSilentSidecars(): Promise<string[]> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.settings.sidecarTtlMs);
    const expired = await this.db.transaction(async (tx) => {
      const silent = await tx.getRepository(SidecarEntity).find({
        where: { status: 'ACTIVE', lastHeartbeatAt: LessThan(cutoff) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      const ids = silent.map((s) => s.id);
      if (ids.length === 0) return ids;
      await tx
        .createQueryBuilder()
        .update(SidecarEntity)
        .set({ status: 'LOST', lostAt: now })
        .where('id in (:...ids)', { ids })
        .execute();
      await tx
        .createQueryBuilder()
        .update(ConnectionEntity)
        .set({ status: 'UNKNOWN', updatedAt: now })
        .where('sidecar_id in (:...ids)', { ids })
        .execute();
      return ids;
    });
    for (const id of expired) {
      this.events.emit({
        type: 'sidecar.lost',
        at: now.toISOString(),
        sidecarId: id,
        data: { ttlMs: this.settings.sidecarTtlMs },
      });
    }
    return expired;
  }

  async get(sidecarId: string): Promise<SidecarEntity> {
    const s = await this.db.getRepository(SidecarEntity).findOneBy({ id: sidecarId });
    if (!s) throw ProblemException.notFound(`sidecar ${sidecarId}`);
    return s;
  }

  async list(status?: string): Promise<SidecarEntity[]> {
    return this.db
      .getRepository(SidecarEntity)
      .find({ where: status ? { status: status as SidecarEntity['status'] } : {}, order: { id: 'ASC' } });
  }
}
