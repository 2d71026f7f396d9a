/**
 * PostgreSQL LISTEN on a dedicated session (a pooled connection would lose its LISTENs when it is
 * handed to someone else). Every replica runs one: the leader wakes its outbox relay on
 * `switchyard_outbox`, every replica pushes commands and config versions to the sidecar streams
 * it serves on `switchyard_command_stream`. The session reconnects with backoff (≤ 5 s) when it
 * drops; notifications sent while it was down are lost, which is why every consumer of them also
 * polls (the relay) or replays on connect (the streams).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { LEADER_SETTINGS, type LeaderSettings } from './leader-election.service';

export const PG_CHANNELS = {
  /** Payload: the id of a command committed to the outbox (FailoverDecisionService writes it). */
  OUTBOX: 'switchyard_outbox',
  /** Payload: JSON `StreamNotice` — something to push to the sidecars' HTTP streams. */
  COMMAND_STREAM: 'switchyard_command_stream',
} as const;

export type PgChannel = (typeof PG_CHANNELS)[keyof typeof PG_CHANNELS];

type Handler = (payload: string) => void;

const MAX_BACKOFF_MS = 5_000;

@Injectable()
export class PgNotifications {
  private readonly logger = new Logger('PgListen');
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectListeners = new Set<() => void>();
  private client: Client | null = null;
  private stopped = true;
  private backoffMs = 250;
  private retry: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(@Inject(LEADER_SETTINGS) private readonly settings: LeaderSettings) {}

  /** Subscribe to a channel (LISTEN is issued on start and after each reconnect). */
  on(channel: PgChannel, handler: Handler): () => void {
    const set = this.handlers.get(channel) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(channel, set);
    if (this.client && set.size === 1) {
      this.client
        .query(`listen ${channel}`)
        .catch((err: Error) => this.logger.warn(`listen ${channel}: ${err.message}`));
    }
    return () => set.delete(handler);
  }

  /** Called after the session is (re)established: notifications may have been missed meanwhile. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.settings.databaseUrl,
      application_name: `switchyard-listen:${this.settings.replicaId}`.slice(0, 63),
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (n: Notification) => this.dispatch(n));
    client.on('error', (err: Error) => {
      this.logger.warn(`LISTEN session error: ${err.message}`);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`listen ${channel}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      const reconnected = this.backoffMs > 250;
      this.client = client;
      this.backoffMs = 250;
      if (reconnected) this.logger.log('LISTEN session re-established');
      for (const l of this.reconnectListeners) l();
    } catch (err) {
      this.logger.warn(`could not open the LISTEN session: ${(err as Error).message}`);
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, delay);
  }

  private dispatch(n: Notification): void {
    const set = this.handlers.get(n.channel);
    if (!set) return;
    for (const h of set) {
      try {
        h(n.payload ?? '');
      } catch (err) {
        this.logger.error(`handler for ${n.channel} failed: ${(err as Error).message}`);
      }
    }
  }
}
