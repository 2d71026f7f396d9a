/**
 * State changes the registry and the decision engine announce: the ops event stream (SSE), the
 * Redis mirror and metrics subscribe. In-process; each replica announces what it changed.
 */
import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export type RegistryEventType =
  | 'sidecar.registered'
  | 'sidecar.lost'
  | 'sidecar.deregistered'
  | 'connection.created'
  | 'connection.updated'
  | 'connection.deleted'
  | 'connection.state'
  | 'failover.decided'
  | 'failover.completed'
  | 'command.updated'
  | 'config.published'
  | 'config.acked';

export interface RegistryEvent {
  type: RegistryEventType;
  at: string;
  connectionId?: string;
  sidecarId?: string;
  data: Record<string, unknown>;
}

@Injectable()
export class RegistryEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Many SSE clients may listen at once; each is one listener.
    this.emitter.setMaxListeners(0);
  }

  emit(event: RegistryEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: RegistryEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
