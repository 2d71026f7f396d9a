/**
 * Shared by the delivery, leader and config integration tests: a sidecar's view of the controller
 * (registration, a failover-causing report, results) and a small Server-Sent Events client that
 * reads the command stream the way a sidecar would.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { examples, type EndpointDto, type HealthReportDto } from '@switchyard/contracts';
import { eventually } from '@switchyard/testing';

export const SIDECAR_ID = examples.SIDECAR_ID;

export function threeEndpoints(): EndpointDto[] {
  return [
    ...examples.endpoints(),
    { id: 'dr-2', host: 'dr2.example.net', port: 8583, priority: 2, role: 'DR' },
  ] as EndpointDto[];
}

/** A sidecar registration managing the given connections (each with primary, dr-1, dr-2). */
export function registrationFor(connectionIds: string[], sidecarId = SIDECAR_ID) {
  const [namespace, podName] = sidecarId.split('/') as [string, string];
  return examples.sidecarRegistration({
    sidecarId,
    namespace,
    podName,
    connections: connectionIds.map((connectionId) => ({
      connectionId,
      endpoints: threeEndpoints(),
      activeEndpointId: 'primary',
    })),
  });
}

/** A report that makes the engine fail over at once: the primary link was reset, the DRs answer. */
export function primaryReset(connectionId: string, sequence: number, sidecarId = SIDECAR_ID): HealthReportDto {
  const now = new Date().toISOString();
  return examples.healthReport({
    connectionId,
    sidecarId,
    status: 'FAILED',
    score: 0,
    sequence,
    reportedAt: now,
    hardSignal: { kind: 'SOCKET_RESET', detail: 'ECONNRESET from the primary host', observedAt: now },
    endpoints: [
      { endpointId: 'primary', reachable: false, checkedAt: now },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 9, checkedAt: now },
      { endpointId: 'dr-2', reachable: true, echoRttMs: 11, checkedAt: now },
    ],
  });
}

export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

/** Reads a text/event-stream response into events, as a sidecar's stream client would. */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  comments = 0;
  ended = false;
  private res: IncomingMessage | null = null;
  private buffer = '';
  private readonly req: ReturnType<typeof httpRequest>;

  constructor(url: string, token: string) {
    this.req = httpRequest(
      url,
      { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } },
      (res) => {
        this.res = res;
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.feed(chunk));
        res.on('end', () => (this.ended = true));
        res.on('close', () => (this.ended = true));
      },
    );
    this.req.on('error', () => (this.ended = true));
    this.req.end();
  }

  async opened(): Promise<void> {
    await eventually('the stream to open', () => this.status !== 0 || this.ended, 10_000);
  }

  commands(): Array<{ id: string; envelope: Record<string, unknown> }> {
    return this.events
      .filter((e) => e.event === 'command')
      .map((e) => ({ id: e.id ?? '', envelope: JSON.parse(e.data) as Record<string, unknown> }));
  }

  configs(): Array<{ id: string; envelope: Record<string, unknown> }> {
    return this.events
      .filter((e) => e.event === 'config')
      .map((e) => ({ id: e.id ?? '', envelope: JSON.parse(e.data) as Record<string, unknown> }));
  }

  close(): void {
    this.req.destroy();
    this.res?.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments++;
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'event') event = value;
        else if (name === 'id') id = value;
        else if (name === 'data') data.push(value);
        else continue;
        fields++;
      }
      if (fields > 0 && data.length > 0) this.events.push({ event, id, data: data.join('\n') });
    }
  }
}
