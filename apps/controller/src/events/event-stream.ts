/**
 * Fan-out of RegistryEvents to Server-Sent-Events clients, without ever blocking the bus.
 *
 * Each event gets an id `<streamId>-<seq>` (streamId is per process, so ids from another replica or
 * an earlier run are recognised as foreign). The last RING_SIZE events are kept so a client that
 * reconnects with `Last-Event-ID` gets what it missed, when it is still in the ring; otherwise it
 * is told with a `stream.reset` event and should re-read state over REST.
 *
 * Slow consumers: a write never waits. Bytes the socket has not taken yet stay in Node's buffer;
 * once a client has more than `maxBufferedBytes` pending it is cut off (a `stream.overflow` event
 * is attempted first) rather than letting memory grow or dropping events silently in the middle of
 * a stream it would trust. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
import { randomBytes } from 'node:crypto';
import type { RegistryEvent } from '../registry/registry.events';

export const RING_SIZE = 1_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const KEEP_ALIVE_MS = 15_000;

export interface StreamedEvent {
  id: string;
  seq: number;
  event: RegistryEvent;
}

/** What the stream needs of an HTTP response (Express's Response satisfies it). */
export interface SseSink {
  write(chunk: string): boolean;
  readonly writableLength: number;
  readonly destroyed: boolean;
  end(): void;
  destroy(): void;
}

export function formatEvent(e: StreamedEvent): string {
  return `id: ${e.id}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`;
}

export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

export class SseClient {
  private closed = false;

  constructor(
    private readonly sink: SseSink,
    private readonly filter: (e: RegistryEvent) => boolean,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  get isClosed(): boolean {
    return this.closed || this.sink.destroyed;
  }

  send(e: StreamedEvent): void {
    if (this.isClosed || !this.filter(e.event)) return;
    this.write(formatEvent(e));
  }

  raw(chunk: string): void {
    if (this.isClosed) return;
    this.write(chunk);
  }

  close(): void {
    this.closed = true;
  }

  /** Ends the response (controller shutdown), so the HTTP server can close. */
  end(): void {
    if (this.isClosed) return;
    this.closed = true;
    this.sink.end();
  }

  private write(chunk: string): void {
    if (this.sink.writableLength > this.maxBufferedBytes) {
      this.closed = true;
      this.onOverflow();
      this.sink.write(
        `event: stream.overflow\ndata: ${JSON.stringify({ reason: `more than ${this.maxBufferedBytes} bytes unread; reconnect with Last-Event-ID` })}\n\n`,
      );
      this.sink.destroy();
      return;
    }
    this.sink.write(chunk);
  }
}

export class EventRing {
  readonly streamId = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly ring: StreamedEvent[] = [];

  constructor(private readonly size = RING_SIZE) {}

  push(event: RegistryEvent): StreamedEvent {
    this.seq += 1;
    const streamed = { id: `${this.streamId}-${this.seq}`, seq: this.seq, event };
    this.ring.push(streamed);
    if (this.ring.length > this.size) this.ring.shift();
    return streamed;
  }

  /**
   * Events after `lastEventId`: `missed` when it is still in the ring (possibly empty), null when
   * it is foreign or too old to resume from.
   */
  since(lastEventId: string): StreamedEvent[] | null {
    const m = /^([0-9a-f]{8})-([0-9]{1,15})$/.exec(lastEventId);
    if (!m || m[1] !== this.streamId) return null;
    const seq = Number(m[2]);
    if (seq > this.seq) return null;
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1) return null;
    return this.ring.filter((e) => e.seq > seq);
  }
}
