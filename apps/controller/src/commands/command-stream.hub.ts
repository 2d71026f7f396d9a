/**
 * The sidecars' HTTP command stream (Server-Sent Events): the only delivery path in direct mode
 * and a third path beside Kafka and Redis otherwise. Each replica serves the streams of the
 * sidecars connected to it; the leader's relay may run elsewhere, so every push goes through
 * `pg_notify('switchyard_command_stream', …)` and each replica forwards what concerns its own
 * streams after reading the row (the notice carries ids, never the command itself).
 *
 * - On connect a sidecar gets every unfinished, unexpired command addressed to it (what it missed
 *   while away) and the latest config document of every scope that applies to it, then live ones.
 *   Copies are harmless: sidecars execute a command id once.
 * - `event: command` (id = command id, data = the contract envelope), `event: config`
 *   (id = `<scope>@<version>`, data = a `config-update` envelope), `: keep-alive` every 15 s.
 * - A command counts as delivered over HTTP when it was written to at least one open stream
 *   (`delivered.http`, first_delivered_at, PENDING → DELIVERED), by whichever replica wrote it.
 * - A stream that cannot keep up (over 1 MiB unsent) is closed: the sidecar reconnects and the
 *   replay gives it what is still due.
 */
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { createEnvelope, type CommandDto, type ConfigDocumentDto, type MessagePayloads } from '@switchyard/contracts';
import { Clock } from '../common/clock';
import { REPLICA_ID } from '../failover/failover-decision.service';
import { PolicyResolver } from '../failover/policy.resolver';
import { PG_CHANNELS, PgNotifications } from '../leader/pg-notifications';
import { ControllerMetrics } from '../observability/controller-metrics';

export const KEEP_ALIVE_MS = 15_000;
const MAX_UNSENT_BYTES = 1 << 20;
/** NOTIFY payloads are ids; batches are chunked well under PostgreSQL's 8000-byte limit. */
const NOTICE_CHUNK = 40;

export type StreamNotice =
  { type: 'command'; commandId: string; sidecarId: string } | { type: 'config'; scope: string; version: number };

interface SidecarStream {
  sidecarId: string;
  res: Response;
  openedAt: number;
}

interface UnfinishedCommandRow {
  id: string;
  sidecar_id: string;
  command: CommandDto;
}

interface ConfigRow {
  scope: string;
  version: number;
  document: ConfigDocumentDto;
}

/** Sends stream notices (any replica, inside or outside a transaction). */
export async function notifyStreams(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  notices: readonly StreamNotice[],
): Promise<void> {
  for (let i = 0; i < notices.length; i += NOTICE_CHUNK) {
    const chunk = notices.slice(i, i + NOTICE_CHUNK).map((n) => JSON.stringify(n));
    await query(`select pg_notify($1, n) from unnest($2::text[]) as n`, [PG_CHANNELS.COMMAND_STREAM, chunk]);
  }
}

@Injectable()
export class CommandStreamHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('CommandStream');
  private readonly streams = new Map<string, Set<SidecarStream>>();
  private keepAlive: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly notifications: PgNotifications,
    private readonly policies: PolicyResolver,
    private readonly metrics: ControllerMetrics,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  onModuleInit(): void {
    this.notifications.on(PG_CHANNELS.COMMAND_STREAM, (payload) => {
      void this.onNotice(payload).catch((err: Error) => this.logger.warn(`stream notice failed: ${err.message}`));
    });
    // Notices sent while the LISTEN session was down are lost: replay to every open stream.
    this.notifications.onReconnect(() => {
      for (const sidecarId of this.streams.keys()) {
        void this.replay(sidecarId).catch((err: Error) => this.logger.warn(`replay failed: ${err.message}`));
      }
    });
    this.keepAlive = setInterval(() => this.sendKeepAlive(), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    if (this.keepAlive) clearInterval(this.keepAlive);
    for (const set of this.streams.values()) for (const s of set) s.res.end();
    this.streams.clear();
  }

  /** Open streams on this replica (for a sidecar, or all). */
  openStreams(sidecarId?: string): number {
    if (sidecarId !== undefined) return this.streams.get(sidecarId)?.size ?? 0;
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Serves one sidecar's stream until the client goes away (or the replica shuts down). */
  async open(sidecarId: string, req: Request, res: Response): Promise<void> {
    if (this.closing) {
      res.status(503).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    // Tells the client how soon to reconnect after a drop.
    res.write(`retry: 1000\n: stream of sidecar ${sidecarId} on controller ${this.replicaId}\n\n`);

    const stream: SidecarStream = { sidecarId, res, openedAt: this.clock.now().getTime() };
    // Registered before the replay: a live notice during the replay is not missed (a copy is harmless).
    const set = this.streams.get(sidecarId) ?? new Set<SidecarStream>();
    set.add(stream);
    this.streams.set(sidecarId, set);
    const close = (): void => {
      set.delete(stream);
      if (set.size === 0 && this.streams.get(sidecarId) === set) this.streams.delete(sidecarId);
    };
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);

    await this.replay(sidecarId, stream);
  }

  /** Pushes what is due for a sidecar: unfinished commands and the latest config of its scopes. */
  private async replay(sidecarId: string, only?: SidecarStream): Promise<void> {
    const targets = only ? [only] : [...(this.streams.get(sidecarId) ?? [])];
    if (targets.length === 0) return;
    const configs = (await this.db.query(
      `select distinct on (scope) scope, version, document from config_versions
        where scope = 'global' or scope in (select 'connection:' || id from connections where sidecar_id = $1)
        order by scope, version desc`,
      [sidecarId],
    )) as ConfigRow[];
    for (const c of configs) for (const s of targets) this.pushConfig(s, c);

    const now = this.clock.now();
    const rows = (await this.db.query(
      `select id, sidecar_id, command from commands
        where sidecar_id = $1 and status in ('PENDING', 'DELIVERED') and deadline > $2
        order by issued_at`,
      [sidecarId, now],
    )) as UnfinishedCommandRow[];
    const pushed = rows.filter((r) => targets.map((s) => this.pushCommand(s, r.command)).some(Boolean));
    await this.recordDelivered(pushed.map((r) => r.id));
  }

  private async onNotice(payload: string): Promise<void> {
    let notice: StreamNotice;
    try {
      notice = JSON.parse(payload) as StreamNotice;
    } catch {
      this.logger.warn('ignoring an unreadable stream notice');
      return;
    }
    if (notice.type === 'command') {
      if (!this.streams.has(notice.sidecarId)) return;
      const rows = (await this.db.query(
        `select id, sidecar_id, command from commands
          where id = $1 and status in ('PENDING', 'DELIVERED') and deadline > $2`,
        [notice.commandId, this.clock.now()],
      )) as UnfinishedCommandRow[];
      const row = rows[0];
      if (!row) return;
      const targets = [...(this.streams.get(row.sidecar_id) ?? [])];
      if (targets.map((s) => this.pushCommand(s, row.command)).some(Boolean)) await this.recordDelivered([row.id]);
      return;
    }
    if (notice.type === 'config') {
      // A version created on another replica: its policy cache must not serve the old one for long.
      this.policies.invalidate();
      if (this.streams.size === 0) return;
      const rows = (await this.db.query(
        `select scope, version, document from config_versions where scope = $1 and version = $2`,
        [notice.scope, notice.version],
      )) as ConfigRow[];
      const row = rows[0];
      if (!row) return;
      let sidecarIds: string[];
      if (row.scope === 'global') {
        sidecarIds = [...this.streams.keys()];
      } else {
        const owners = (await this.db.query(`select sidecar_id from connections where 'connection:' || id = $1`, [
          row.scope,
        ])) as Array<{ sidecar_id: string | null }>;
        sidecarIds = owners.map((o) => o.sidecar_id).filter((id): id is string => id !== null);
      }
      for (const id of sidecarIds) for (const s of this.streams.get(id) ?? []) this.pushConfig(s, row);
    }
  }

  private pushCommand(stream: SidecarStream, command: CommandDto): boolean {
    const envelope = createEnvelope(
      'command',
      command as MessagePayloads['command'],
      { sender: { kind: 'controller', id: this.replicaId } },
      { now: () => this.clock.now() },
    );
    return this.write(stream, 'command', command.commandId, JSON.stringify(envelope));
  }

  private pushConfig(stream: SidecarStream, row: ConfigRow): boolean {
    const envelope = createEnvelope(
      'config-update',
      row.document,
      { sender: { kind: 'controller', id: this.replicaId } },
      { now: () => this.clock.now() },
    );
    return this.write(stream, 'config', `${row.scope}@${row.version}`, JSON.stringify(envelope));
  }

  private write(stream: SidecarStream, event: string, id: string, data: string): boolean {
    const res = stream.res;
    if (res.writableEnded || res.destroyed) return false;
    if (res.writableLength > MAX_UNSENT_BYTES) {
      this.logger.warn(`closing the stream of ${stream.sidecarId}: it is not reading (over 1 MiB unsent)`);
      res.end();
      return false;
    }
    res.write(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
    return true;
  }

  private sendKeepAlive(): void {
    for (const set of this.streams.values()) {
      for (const s of set) if (!s.res.writableEnded && !s.res.destroyed) s.res.write(': keep-alive\n\n');
    }
  }

  /** Records the HTTP hand-over of commands written to at least one open stream. */
  private async recordDelivered(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = this.clock.now();
    const rows = (await this.db.query(
      `update commands c
          set delivered = c.delivered || jsonb_build_object('http', $2::text),
              first_delivered_at = coalesce(c.first_delivered_at, $3),
              status = case when c.status = 'PENDING' then 'DELIVERED' else c.status end
         from commands before
        where c.id = before.id and c.id = any($1::uuid[])
        returning c.issued_at, (before.delivered ? 'http') as had_http`,
      [ids, now.toISOString(), now],
    )) as [Array<{ issued_at: Date; had_http: boolean }>, number];
    for (const r of rows[0] ?? []) {
      if (!r.had_http) {
        this.metrics.commandDeliverySeconds.observe(
          { path: 'http' },
          Math.max(0, (now.getTime() - new Date(r.issued_at).getTime()) / 1000),
        );
      }
    }
  }
}
