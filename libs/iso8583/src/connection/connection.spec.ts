// Client and server over real loopback sockets (127.0.0.1 only). Every wait is bounded: events are
// awaited with a deadline, never slept for.
import { TEST_CARDS, TEST_TRACKS } from '@switchyard/testing';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { FrameCodec } from '../framing/frame.codec';
import { pack, unpack } from '../message/message.codec';
import type { IsoMessage } from '../message/message.types';
import { iso87ascii } from '../spec/spec.registry';
import { Iso8583ConnectionError } from './connection.errors';
import { ClientOptions, Iso8583Client } from './iso8583-client';
import type { Iso8583Link, RequestHandler } from './iso8583-link';
import { Iso8583Server, ServerOptions } from './iso8583-server';
import type { TypedEmitter } from './typed-emitter';

const PAN = TEST_CARDS.visa;
const TRACK2 = TEST_TRACKS.track2;
const TLS_DIR = join(__dirname, '../../test/fixtures/tls');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function waitFor<E extends object, K extends keyof E>(
  emitter: TypedEmitter<E>,
  event: K,
  predicate: (e: E[K]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    const off = emitter.on(event, (e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Approves 0100/0200 with 39 = 00, after an optional per-request delay. */
function approvingHandler(delayMs: (req: IsoMessage) => number = () => 0): RequestHandler {
  return async (req) => {
    const d = delayMs(req);
    if (d > 0) await new Promise((r) => setTimeout(r, d));
    return {
      mti: req.mti.slice(0, 2) + '1' + req.mti[3],
      fields: { 2: req.fields[2], 11: req.fields[11], 39: '00', 41: req.fields[41] },
    };
  };
}

async function startServer(options: Partial<ServerOptions> = {}): Promise<{ server: Iso8583Server; port: number }> {
  const server = new Iso8583Server({
    spec: iso87ascii,
    host: '127.0.0.1',
    port: 0,
    echo: false,
    handler: approvingHandler(),
    ...options,
  });
  const { port } = await server.listen();
  cleanups.push(() => server.close({ drainTimeoutMs: 200 }));
  return { server, port };
}

async function startClient(port: number, options: Partial<ClientOptions> = {}): Promise<Iso8583Client> {
  const client = new Iso8583Client({
    spec: iso87ascii,
    host: '127.0.0.1',
    port,
    echo: false,
    requestTimeoutMs: 2000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  cleanups.push(() => client.close());
  await client.connect();
  return client;
}

function auth(stan: string, tid = 'TERM0001'): IsoMessage {
  return { mti: '0100', fields: { 2: PAN, 3: '000000', 4: '000000001000', 11: stan, 35: TRACK2, 41: tid } };
}

describe('Iso8583Client / Iso8583Server over loopback', () => {
  it('matches responses to requests, even when answered out of order', async () => {
    const { port } = await startServer({ handler: approvingHandler((req) => 60 - Number(req.fields[11]) * 5) });
    const client = await startClient(port);
    const stans = ['000001', '000002', '000003', '000004', '000005', '000006', '000007', '000008', '000009', '000010'];
    const responses = await Promise.all(stans.map((s) => client.request(auth(s))));
    expect(responses.map((r) => r.fields[11])).toEqual(stans);
    expect(responses.every((r) => r.mti === '0110' && r.fields[39] === '00')).toBe(true);
    expect(client.stats?.inFlight).toBe(0);
  });

  it('rejects a second in-flight request with the same key instead of overwriting it', async () => {
    const { port } = await startServer({ handler: approvingHandler(() => 50) });
    const client = await startClient(port);
    const duplicate = waitFor(client, 'duplicateRequest');
    const first = client.request(auth('000100'));
    await expect(client.request(auth('000100'))).rejects.toMatchObject({ code: 'DUPLICATE_REQUEST' });
    expect((await duplicate).key).toBe('010:100:TERM0001');
    expect((await first).fields[11]).toBe('000100');
    // Same STAN on another terminal is a different key.
    await expect(
      Promise.all([client.request(auth('000101', 'T-A')), client.request(auth('000101', 'T-B'))]),
    ).resolves.toHaveLength(2);
    expect(client.stats?.duplicatesRejected).toBe(1);
  });

  it('times out a request and counts its late response', async () => {
    const { port } = await startServer({ handler: approvingHandler(() => 150) });
    const client = await startClient(port);
    const timeoutEvent = waitFor(client, 'requestTimeout');
    const late = waitFor(client, 'lateResponse');
    await expect(client.request(auth('000200'), { timeoutMs: 40 })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      details: { timeoutMs: 40, mti: '0100' },
    });
    expect((await timeoutEvent).key).toBe('010:200:TERM0001');
    expect((await late).mti).toBe('0110');
    expect(client.stats).toMatchObject({ timeouts: 1, lateResponses: 1, inFlight: 0 });
  });

  it('echoes on demand and when idle, answering with 0810 / 39 = 00 and measuring RTT', async () => {
    const { port } = await startServer();
    const client = await startClient(port, { echo: { intervalMs: 40, timeoutMs: 500 } });
    const result = await client.echo();
    expect(result.ok).toBe(true);
    expect(result.responseCode).toBe('00');
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
    const idle = await waitFor(client, 'echo');
    expect(idle.ok).toBe(true);
    expect(client.stats?.lastEchoRttMs).toBeGreaterThanOrEqual(0);
  });

  it('signs on and off, and answers a host-initiated 0800', async () => {
    const { server, port } = await startServer();
    const client = await startClient(port);
    expect((await client.signOn()).fields).toMatchObject({ 39: '00', 70: '001' });
    expect((await client.signOff()).fields).toMatchObject({ 39: '00', 70: '002' });
    const [link] = [...server.links];
    const answered = waitFor(client, 'networkManagement');
    const echo = await link.echo(1000);
    expect(echo.ok).toBe(true);
    expect((await answered).code).toBe('301');
  });

  it('reports echo timeouts and drops the link after maxMissed, then reconnects', async () => {
    // A host that ignores echoes (a simulator fault): it neither auto-answers nor handles 0800.
    const { port } = await startServer({ answerNetworkManagement: false, handler: () => undefined });
    const client = await startClient(port, { echo: { intervalMs: 0, timeoutMs: 30, maxMissed: 2 } });
    const firstLink = client.link?.id;
    await expect(client.echo()).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    const disconnected = waitFor(client, 'disconnected');
    const timeout = waitFor(client, 'echoTimeout');
    await expect(client.echo()).rejects.toBeInstanceOf(Iso8583ConnectionError);
    expect((await timeout).missed).toBe(2);
    expect((await disconnected).reason).toMatch(/2 consecutive echo timeouts/);
    const connected = await waitFor(client, 'connected');
    expect(connected.linkId).not.toBe(firstLink);
  });

  it('reconnects with backoff after the server dies and comes back on the same port', async () => {
    const first = await startServer();
    const client = await startClient(first.port, { reconnect: { initialDelayMs: 30, maxDelayMs: 120, jitter: 0.5 } });
    const states: string[] = [];
    client.on('state', (s) => states.push(s.to));
    const scheduled = waitFor(client, 'reconnectScheduled', (e) => e.attempt >= 2);
    await first.server.close({ drainTimeoutMs: 100 });
    const pending = await scheduled; // at least one failed attempt while the port is closed
    expect(pending.delayMs).toBeLessThanOrEqual(120);
    const reconnected = waitFor(client, 'connected');
    const second = await startServer({ port: first.port });
    expect(second.port).toBe(first.port);
    await reconnected;
    expect((await client.request(auth('000300'))).fields[39]).toBe('00');
    expect(states).toEqual(expect.arrayContaining(['backoff', 'connecting', 'connected']));
  });

  it('gives up without reconnect when disabled', async () => {
    const { server, port } = await startServer();
    const client = await startClient(port, { reconnect: false });
    const closed = waitFor(client, 'state', (s) => s.to === 'closed');
    await server.close({ drainTimeoutMs: 50 });
    expect((await closed).reason).toMatch(/not reconnecting/);
    await expect(client.request(auth('000400'))).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('reassembles partial and coalesced frames from a raw socket', async () => {
    const { port } = await startServer();
    const frames = new FrameCodec();
    const socket = net.connect({ host: '127.0.0.1', port });
    cleanups.push(() => void socket.destroy());
    await new Promise((r) => socket.once('connect', r));
    const decoder = frames.createDecoder();
    const received: IsoMessage[] = [];
    const gotTwo = new Promise<void>((resolve) =>
      socket.on('data', (c: Buffer) => {
        for (const f of decoder.push(c)) received.push(unpack(iso87ascii, f.payload));
        if (received.length === 2) resolve();
      }),
    );
    const a = frames.encode(pack(iso87ascii, auth('000501')));
    const b = frames.encode(pack(iso87ascii, auth('000502')));
    // a byte by byte, then the rest of a coalesced with all of b.
    for (let i = 0; i < 10; i++) {
      socket.write(a.subarray(i, i + 1));
      await new Promise((r) => setImmediate(r));
    }
    socket.write(Buffer.concat([a.subarray(10), b]));
    await gotTwo;
    expect(received.map((m) => m.fields[11]).sort()).toEqual(['000501', '000502']);
  });

  it('counts a message that does not unpack without dropping the link; drops it on a framing error', async () => {
    const { server, port } = await startServer({ framing: { maxFrameSize: 512 } });
    const socket = net.connect({ host: '127.0.0.1', port });
    cleanups.push(() => void socket.destroy());
    const opened = await waitFor(server, 'linkOpened');
    const link: Iso8583Link = opened.link;
    const unpackError = waitFor(link, 'unpackError');
    socket.write(new FrameCodec().encode(Buffer.from(`0100${'F'.repeat(16)}${PAN}`, 'latin1')));
    const { error } = await unpackError;
    expect(error.code).toBeDefined();
    expect(error.message).not.toContain(PAN);
    expect(link.state).toBe('open');
    const closed = waitFor(link, 'closed');
    socket.write(Buffer.from([0x7f, 0xff]));
    expect((await closed).reason).toBe('framing error');
  });

  it('drains: no new requests, waits for in-flight ones, then closes', async () => {
    const { port } = await startServer({ handler: approvingHandler(() => 80) });
    const client = await startClient(port);
    const inFlight = client.request(auth('000600'));
    await new Promise((r) => setTimeout(r, 10));
    const drained = client.drain(2000);
    await expect(client.request(auth('000601'))).rejects.toMatchObject({ code: 'LINK_DRAINING' });
    expect((await inFlight).fields[39]).toBe('00');
    await drained;
    expect(client.state).toBe('closed');
  });

  it('works over TLS with a test-only self-signed certificate', async () => {
    const cert = readFileSync(join(TLS_DIR, 'test-only-localhost.cert.pem'));
    const key = readFileSync(join(TLS_DIR, 'test-only-localhost.key.pem'));
    const { port } = await startServer({ tls: { cert, key } });
    const client = await startClient(port, { tls: { ca: cert, servername: 'localhost' } });
    expect((await client.request(auth('000700'))).fields[39]).toBe('00');
    expect((await client.echo()).ok).toBe(true);
  });

  it('keeps card data out of every event and error', async () => {
    const events: unknown[] = [];
    const { server, port } = await startServer({
      handler: (req, link) => {
        if (req.fields[11] === '000802') throw new Error(`cannot route ${PAN} / ${TRACK2}`);
        return approvingHandler()(req, link);
      },
    });
    let sawHandlerError!: (e: unknown) => void;
    const handlerErrorSeen = new Promise((resolve) => (sawHandlerError = resolve));
    server.on('linkOpened', ({ link }) => {
      link.on('handlerError', (e) => sawHandlerError(e));
      for (const name of ['message', 'handlerError', 'unpackError', 'requestTimeout', 'response'] as const) {
        link.on(name, (e) => events.push({ name, e }));
      }
    });
    const client = await startClient(port);
    for (const name of [
      'message',
      'response',
      'requestTimeout',
      'lateResponse',
      'echo',
      'state',
      'connected',
    ] as const) {
      client.on(name, (e) => events.push({ name, e }));
    }
    await client.request(auth('000801'));
    const err = await client.request(auth('000802'), { timeoutMs: 50 }).catch((e: Error) => e);
    const handlerError = await handlerErrorSeen;
    expect(handlerError).toMatchObject({ mti: '0100', message: expect.stringContaining('411111******1111') });
    const text = JSON.stringify(events) + String(err) + JSON.stringify(handlerError);
    expect(events.length).toBeGreaterThan(3);
    expect(text).not.toContain(PAN);
    expect(text).not.toContain('25121011234567890');
  });
});
