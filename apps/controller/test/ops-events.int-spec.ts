/**
 * The operator event stream over a real listening socket with a real HTTP client: registry events
 * arrive as SSE frames, the connectionId filter holds, Last-Event-ID resumes, auth applies, and a
 * client that goes away is unsubscribed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@switchyard/testing';
import { EventStreamService } from '../src/events/event-stream.service';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(60_000);

interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
}

/** A minimal SSE client: collects parsed frames until closed. */
class SseReader {
  readonly frames: Frame[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  private buffer = '';
  private req: http.ClientRequest;
  readonly opened: Promise<void>;

  constructor(port: number, path: string, headers: Record<string, string>) {
    this.req = http.get({ host: '127.0.0.1', port, path, headers });
    this.opened = new Promise((resolve, reject) => {
      this.req.on('error', reject);
      this.req.on('response', (res) => {
        this.status = res.statusCode ?? 0;
        this.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.feed(chunk));
        res.on('error', () => undefined);
        resolve();
      });
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(': ')) frame.comment = line.slice(2);
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
      }
      this.frames.push(frame);
    }
  }

  events(type?: string): Frame[] {
    return this.frames.filter((f) => f.event !== undefined && (type === undefined || f.event === type));
  }

  close(): void {
    this.req.destroy();
  }
}

describe('ops API: event stream (SSE)', () => {
  let c: ControllerUnderTest;
  let port: number;
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const readers: SseReader[] = [];

  const open = async (path: string, headers: Record<string, string> = auth) => {
    const r = new SseReader(port, path, headers);
    readers.push(r);
    await r.opened;
    return r;
  };

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { ...auth, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return res.status;
  };

  const endpoints = [{ id: 'primary', host: '127.0.0.1', port: 8583, priority: 0, role: 'PRIMARY' }];

  beforeAll(async () => {
    c = await startController();
    await c.app.listen(0, '127.0.0.1');
    port = (c.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const r of readers) r.close();
    await c.close();
  });

  it('streams registry events as SSE frames (event, id, data), with the right headers', async () => {
    const r = await open('/api/v1/events');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(r.headers['cache-control']).toContain('no-cache');
    expect(await call('POST', '/api/v1/connections', { connectionId: 'sse-a', endpoints })).toBe(201);
    expect(await call('PATCH', '/api/v1/connections/sse-a', { description: 'streamed' })).toBe(200);
    expect(await call('DELETE', '/api/v1/connections/sse-a')).toBe(204);
    await eventually('three events', () => r.events().length >= 3, 10_000);
    const [created, updated, deleted] = r.events();
    expect(created).toMatchObject({
      event: 'connection.created',
      id: expect.stringMatching(/^[0-9a-f]{8}-\d+$/),
      data: {
        type: 'connection.created',
        connectionId: 'sse-a',
        data: expect.objectContaining({ actor: 'bootstrap-admin' }),
      },
    });
    expect(updated).toMatchObject({
      event: 'connection.updated',
      data: { data: expect.objectContaining({ fields: ['description'] }) },
    });
    expect(deleted).toMatchObject({ event: 'connection.deleted' });
    expect(r.frames[0]!.comment).toMatch(/^switchyard event stream/);
  });

  it('filters by connectionId and resumes after Last-Event-ID', async () => {
    const only = await open('/api/v1/events?connectionId=sse-b');
    const all = await open('/api/v1/events');
    expect(await call('POST', '/api/v1/connections', { connectionId: 'sse-c', endpoints })).toBe(201);
    expect(await call('POST', '/api/v1/connections', { connectionId: 'sse-b', endpoints })).toBe(201);
    await eventually('sse-b created', () => only.events('connection.created').length === 1, 10_000);
    await eventually('both on the unfiltered stream', () => all.events().length === 2, 10_000);
    expect(only.events().map((f) => (f.data as { connectionId: string }).connectionId)).toEqual(['sse-b']);

    const firstId = all.events()[0]!.id!;
    const resumed = await open('/api/v1/events', { ...auth, 'Last-Event-ID': firstId });
    await eventually('missed event replayed', () => resumed.events().length >= 1, 10_000);
    expect(resumed.events()).toHaveLength(1);
    expect(resumed.events()[0]).toMatchObject({ id: all.events()[1]!.id, data: { connectionId: 'sse-b' } });

    const foreign = await open('/api/v1/events', { ...auth, 'Last-Event-ID': 'deadbeef-1' });
    await eventually('reset told', () => foreign.events('stream.reset').length === 1, 10_000);
  });

  it('needs a viewer token and a valid filter', async () => {
    const anon = await open('/api/v1/events', {});
    expect(anon.status).toBe(401);
    const bad = await open('/api/v1/events?connectionId=a:b', auth);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('unsubscribes a client that disconnects', async () => {
    const service = c.app.get(EventStreamService);
    const before = service.clientCount;
    const r = await open('/api/v1/events');
    await eventually('registered', () => service.clientCount === before + 1, 10_000);
    r.close();
    await eventually('removed', () => service.clientCount === before, 10_000);
  });
});
