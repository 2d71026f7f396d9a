/** Subscribes once to the registry event bus and fans events out to SSE clients. */
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RegistryEvents } from '../registry/registry.events';
import { EventRing, SseClient } from './event-stream';

@Injectable()
export class EventStreamService implements OnModuleInit, OnModuleDestroy {
  readonly ring = new EventRing();
  private readonly clients = new Set<SseClient>();
  private unsubscribe: (() => void) | null = null;
  /** Clients cut off for not reading (since start). */
  overflowed = 0;

  constructor(private readonly events: RegistryEvents) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe((event) => {
      const streamed = this.ring.push(event);
      for (const c of this.clients) {
        if (c.isClosed) this.clients.delete(c);
        else c.send(streamed);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  add(client: SseClient): () => void {
    this.clients.add(client);
    return () => {
      client.close();
      this.clients.delete(client);
    };
  }

  get clientCount(): number {
    return this.clients.size;
  }
}
