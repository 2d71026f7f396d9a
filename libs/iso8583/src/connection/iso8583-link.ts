/**
 * One established ISO 8583 connection (TCP or TLS), the same on the client and the server side:
 * framing, request/response matching with duplicate rejection and per-request timeouts, late
 * response accounting, idle echo with RTT, answering the peer's network management requests,
 * dispatching the peer's other requests to a handler, graceful drain and close.
 *
 * Everything observable is an event carrying MTIs, match keys and numbers only, so a health
 * monitor can score the link and a logger can record it without ever seeing card data.
 */
import type { Socket } from 'node:net';
import type { Iso8583FramingError, Iso8583UnpackError } from '../errors/iso8583.error';
import { Iso8583Error } from '../errors/iso8583.error';
import { Frame, FrameCodec, FrameDecoder, FramingOptions } from '../framing/frame.codec';
import { redactCardData } from '../mask/card-data.mask';
import { pack, SpecLike, tryUnpack } from '../message/message.codec';
import type { IsoMessage } from '../message/message.types';
import { compileSpec } from '../message/spec-compiler';
import { Clock, RandomSource, systemClock, systemRandom, TimerHandle } from './clock';
import { Iso8583ConnectionError } from './connection.errors';
import { defaultMatchKey, MatchKeyFn } from './match-key';
import {
  buildEchoRequest,
  buildNetworkManagementResponse,
  buildSignOffRequest,
  buildSignOnRequest,
  isNetworkManagementRequest,
  isResponseMti,
} from './network-management';
import { StanGenerator } from './stan.generator';
import { TypedEmitter } from './typed-emitter';

export type LinkState = 'open' | 'draining' | 'closed';

/** Handles a request from the peer; the returned message (if any) is sent back as the response. */
export type RequestHandler = (
  request: IsoMessage,
  link: Iso8583Link,
) => IsoMessage | undefined | void | Promise<IsoMessage | undefined | void>;

export interface EchoOptions {
  /** How often to check for idleness and echo. Default 30 000 ms; 0 disables automatic echo. */
  intervalMs?: number;
  /** Echo response timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Only echo when nothing was received during the last interval. Default true. */
  onlyWhenIdle?: boolean;
  /** Close the link (a hard signal; the client then reconnects) after this many consecutive missed echoes. 0 = never. Default 3. */
  maxMissed?: number;
}

export interface LinkOptions {
  spec: SpecLike;
  framing?: FramingOptions | FrameCodec;
  /** Request/response key; default MTI class + STAN (11) + terminal id (41). */
  matchKey?: MatchKeyFn;
  /** Default request timeout. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Default 10 000. */
  maxInFlight?: number;
  echo?: EchoOptions | false;
  /** Answer the peer's 0800 requests with 0810 / 39 = 00 automatically. Default true. */
  answerNetworkManagement?: boolean;
  /** MTI for echo/sign-on/sign-off requests. Default 0800 (use 1804 with a 1993 spec and field 24 via extra fields). */
  networkManagementMti?: string;
  /** The peer's other requests. Without a handler they are counted and dropped. */
  onRequest?: RequestHandler;
  /** Header for a response frame given the request frame's header (e.g. swapTpdu). Default: the same header. */
  responseHeader?: (requestHeader: Buffer) => Uint8Array;
  clock?: Clock;
  random?: RandomSource;
  /** STAN source for echo and sign-on/off (and for your own requests via link.stan). */
  stan?: StanGenerator;
  /** How many timed-out keys to remember so that a late response is recognised. Default 1024. */
  lateResponseMemory?: number;
}

export interface EchoResult {
  rttMs: number;
  responseCode: string | undefined;
  ok: boolean;
}

export interface LinkStats {
  sent: number;
  received: number;
  inFlight: number;
  timeouts: number;
  lateResponses: number;
  unmatchedResponses: number;
  duplicatesRejected: number;
  unpackErrors: number;
  handlerErrors: number;
  echoesSent: number;
  echoFailures: number;
  lastEchoRttMs: number | undefined;
}

export interface LinkEvents {
  state: { from: LinkState; to: LinkState; reason: string };
  /** Every message in or out; MTI and size only. */
  message: { direction: 'in' | 'out'; mti: string; bytes: number };
  /** A matched response, with the request's round trip. */
  response: { key: string; mti: string; rttMs: number };
  echo: EchoResult;
  echoTimeout: { timeoutMs: number; missed: number };
  requestTimeout: { key: string; mti: string; timeoutMs: number };
  /** A response for a request that had already timed out. */
  lateResponse: { key: string; mti: string };
  /** A response nobody asked for (or whose key was forgotten). */
  unmatchedResponse: { key: string | undefined; mti: string };
  duplicateRequest: { key: string; mti: string };
  /** A network management request from the peer, answered automatically. */
  networkManagement: { code: string | undefined; mti: string };
  /** A request from the peer with no handler. */
  unhandledRequest: { mti: string };
  unpackError: { error: Iso8583UnpackError };
  framingError: { error: Iso8583FramingError };
  handlerError: { mti: string; message: string };
  closed: { reason: string };
}

interface Pending {
  key: string;
  mti: string;
  sentAt: number;
  timeoutMs: number;
  timer: TimerHandle;
  resolve: (m: IsoMessage) => void;
  reject: (e: Error) => void;
}

let nextLinkId = 1;

export class Iso8583Link extends TypedEmitter<LinkEvents> {
  readonly id: number;
  readonly remote: string;
  readonly stan: StanGenerator;
  /** Resolves once the socket is closed and every in-flight request settled. */
  readonly closed: Promise<{ reason: string }>;

  private _state: LinkState = 'open';
  private readonly spec: SpecLike;
  private readonly frames: FrameCodec;
  private readonly decoder: FrameDecoder;
  private readonly matchKey: MatchKeyFn;
  private readonly clock: Clock;
  private readonly requestTimeoutMs: number;
  private readonly maxInFlight: number;
  private readonly echoOptions: Required<EchoOptions>;
  private readonly answerNm: boolean;
  private readonly nmMti: string;
  private readonly handler: RequestHandler | undefined;
  private readonly responseHeader: (h: Buffer) => Uint8Array;
  private readonly lateMemory: number;
  private readonly inFlight = new Map<string, Pending>();
  private readonly timedOut = new Map<string, number>();
  private echoTimer: TimerHandle | undefined;
  private missedEchoes = 0;
  private lastReceivedAt: number;
  private closeReason = 'closed';
  private finished = false;
  private resolveClosed!: (v: { reason: string }) => void;
  private drainWaiters: Array<() => void> = [];
  private readonly counters: Omit<LinkStats, 'inFlight'> = {
    sent: 0,
    received: 0,
    timeouts: 0,
    lateResponses: 0,
    unmatchedResponses: 0,
    duplicatesRejected: 0,
    unpackErrors: 0,
    handlerErrors: 0,
    echoesSent: 0,
    echoFailures: 0,
    lastEchoRttMs: undefined,
  };

  constructor(
    private readonly socket: Socket,
    options: LinkOptions,
  ) {
    super();
    this.id = nextLinkId++;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.spec = compileSpec(options.spec);
    this.frames = options.framing instanceof FrameCodec ? options.framing : new FrameCodec(options.framing);
    this.decoder = this.frames.createDecoder();
    this.matchKey = options.matchKey ?? defaultMatchKey;
    this.clock = options.clock ?? systemClock;
    const random = options.random ?? systemRandom;
    this.stan = options.stan ?? new StanGenerator({ random });
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxInFlight = options.maxInFlight ?? 10_000;
    const echo = options.echo === false ? { intervalMs: 0 } : (options.echo ?? {});
    this.echoOptions = {
      intervalMs: echo.intervalMs ?? 30_000,
      timeoutMs: echo.timeoutMs ?? 10_000,
      onlyWhenIdle: echo.onlyWhenIdle ?? true,
      maxMissed: echo.maxMissed ?? 3,
    };
    this.answerNm = options.answerNetworkManagement ?? true;
    this.nmMti = options.networkManagementMti ?? '0800';
    this.handler = options.onRequest;
    this.responseHeader = options.responseHeader ?? ((h) => h);
    this.lateMemory = options.lateResponseMemory ?? 1024;
    this.lastReceivedAt = this.clock.monotonic();
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));

    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Socket errors are followed by 'close'; keep the cause (a code like ECONNRESET, never data).
      if (this.closeReason === 'closed') this.closeReason = `socket error ${err.code ?? err.name}`;
    });
    socket.on('close', () => this.finish());
    if (socket.destroyed) queueMicrotask(() => this.finish());
    this.scheduleEcho();
  }

  get state(): LinkState {
    return this._state;
  }

  get stats(): LinkStats {
    return { ...this.counters, inFlight: this.inFlight.size };
  }

  /**
   * Sends a request and resolves with its matched response. Rejects with Iso8583ConnectionError
   * (DUPLICATE_REQUEST, REQUEST_TIMEOUT, LINK_CLOSED, ...) or Iso8583PackError.
   */
  request(message: IsoMessage, options: { timeoutMs?: number } = {}): Promise<IsoMessage> {
    return this.requestTimed(message, options.timeoutMs).then((r) => r.response);
  }

  /** Sends without expecting a response (responses, advices you do not track, reversals you match yourself). */
  send(message: IsoMessage, header?: Uint8Array): void {
    if (this._state === 'closed')
      throw new Iso8583ConnectionError('LINK_CLOSED', 'link is closed', { mti: safeMti(message) });
    this.write(this.frames.encode(pack(this.spec, message), header), message.mti);
  }

  /** An 0800 echo (70 = 301); resolves with the RTT and response code. */
  async echo(timeoutMs = this.echoOptions.timeoutMs): Promise<EchoResult> {
    const req = buildEchoRequest({ stan: this.stan.next(), clock: this.clock, mti: this.nmMti });
    this.counters.echoesSent++;
    try {
      const { response, rttMs } = await this.requestTimed(req, timeoutMs);
      const code = typeof response.fields[39] === 'string' ? response.fields[39] : undefined;
      const result: EchoResult = { rttMs, responseCode: code, ok: code === '00' || code === '000' };
      this.missedEchoes = 0;
      this.counters.lastEchoRttMs = rttMs;
      if (!result.ok) this.counters.echoFailures++;
      this.emit('echo', result);
      return result;
    } catch (e) {
      this.counters.echoFailures++;
      if (e instanceof Iso8583ConnectionError && e.code === 'REQUEST_TIMEOUT') {
        this.missedEchoes++;
        this.emit('echoTimeout', { timeoutMs, missed: this.missedEchoes });
        const max = this.echoOptions.maxMissed;
        if (max > 0 && this.missedEchoes >= max) this.close(`${this.missedEchoes} consecutive echo timeouts`);
      }
      throw e;
    }
  }

  /** 0800 / 70 = 001. Rejects with RESPONSE_CODE when field 39 is not approved. */
  signOn(timeoutMs?: number): Promise<IsoMessage> {
    return this.networkManagement(
      buildSignOnRequest({ stan: this.stan.next(), clock: this.clock, mti: this.nmMti }),
      timeoutMs,
    );
  }

  /** 0800 / 70 = 002. */
  signOff(timeoutMs?: number): Promise<IsoMessage> {
    return this.networkManagement(
      buildSignOffRequest({ stan: this.stan.next(), clock: this.clock, mti: this.nmMti }),
      timeoutMs,
    );
  }

  /**
   * Stops new requests and echoes, waits for in-flight requests to be answered or to time out
   * (bounded by their own timeouts, or by `timeoutMs` if given), then closes.
   */
  async drain(timeoutMs?: number): Promise<void> {
    if (this._state === 'closed') return;
    if (this._state === 'open') this.setState('draining', 'drain requested');
    this.clearEcho();
    if (this.inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        let timer: TimerHandle | undefined;
        const done = (): void => {
          if (timer !== undefined) this.clock.clearTimeout(timer);
          resolve();
        };
        this.drainWaiters.push(done);
        if (timeoutMs !== undefined) timer = this.clock.setTimeout(done, timeoutMs);
      });
    }
    this.close(this.inFlight.size > 0 ? 'drain timeout' : 'drained');
    await this.closed;
  }

  /** Closes now: in-flight requests are rejected with LINK_CLOSED. */
  close(reason = 'closed by caller'): void {
    if (this._state !== 'closed') {
      this.closeReason = reason;
      this.setState('closed', reason);
    }
    this.clearEcho();
    this.rejectAll(reason);
    if (!this.socket.destroyed) this.socket.end(() => this.socket.destroy());
  }

  private async networkManagement(req: IsoMessage, timeoutMs?: number): Promise<IsoMessage> {
    const { response } = await this.requestTimed(req, timeoutMs);
    const code = response.fields[39];
    if (code !== '00' && code !== '000') {
      throw new Iso8583ConnectionError('RESPONSE_CODE', `network management ${String(req.fields[70])} declined`, {
        mti: response.mti,
        responseCode: typeof code === 'string' ? code : undefined,
      });
    }
    return response;
  }

  private requestTimed(
    message: IsoMessage,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<{ response: IsoMessage; rttMs: number }> {
    const mti = safeMti(message);
    if (this._state !== 'open') {
      const code = this._state === 'draining' ? 'LINK_DRAINING' : 'LINK_CLOSED';
      return Promise.reject(new Iso8583ConnectionError(code, `link is ${this._state}`, { mti }));
    }
    let key: string | undefined;
    try {
      key = this.matchKey(message);
    } catch {
      key = undefined;
    }
    if (key === undefined) {
      return Promise.reject(
        new Iso8583ConnectionError('NO_MATCH_KEY', 'request has no match key (is field 11 set?)', { mti }),
      );
    }
    const safeKey = redactCardData(key);
    if (this.inFlight.has(key)) {
      this.counters.duplicatesRejected++;
      this.emit('duplicateRequest', { key: safeKey, mti });
      return Promise.reject(
        new Iso8583ConnectionError('DUPLICATE_REQUEST', `a request with key ${safeKey} is already in flight`, {
          key: safeKey,
          mti,
        }),
      );
    }
    if (this.inFlight.size >= this.maxInFlight) {
      return Promise.reject(
        new Iso8583ConnectionError('TOO_MANY_IN_FLIGHT', `${this.inFlight.size} requests in flight`, { mti }),
      );
    }
    let frame: Buffer;
    try {
      frame = this.frames.encode(pack(this.spec, message));
    } catch (e) {
      return Promise.reject(
        e instanceof Iso8583Error ? e : new Iso8583ConnectionError('LINK_CLOSED', 'could not encode request', { mti }),
      );
    }
    return new Promise((resolve, reject) => {
      const k = key as string;
      const pending: Pending = {
        key: k,
        mti,
        sentAt: this.clock.monotonic(),
        timeoutMs,
        timer: this.clock.setTimeout(() => this.onTimeout(k), timeoutMs),
        resolve: (response) => resolve({ response, rttMs: this.clock.monotonic() - pending.sentAt }),
        reject,
      };
      this.inFlight.set(k, pending);
      this.write(frame, mti);
    });
  }

  private write(frame: Buffer, mti: string): void {
    this.counters.sent++;
    this.socket.write(frame);
    this.emit('message', { direction: 'out', mti, bytes: frame.length });
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      // The stream is out of step; only a new connection can recover it.
      this.emit('framingError', { error: e as Iso8583FramingError });
      this.close('framing error');
      return;
    }
    for (const frame of frames) {
      if (this._state === 'closed') return;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Frame): void {
    const result = tryUnpack(this.spec, frame.payload);
    if (!result.ok) {
      this.counters.unpackErrors++;
      this.emit('unpackError', { error: result.error });
      return;
    }
    const msg = result.message;
    this.counters.received++;
    this.lastReceivedAt = this.clock.monotonic();
    this.emit('message', { direction: 'in', mti: msg.mti, bytes: frame.payload.length + this.frames.headerLength });
    if (isResponseMti(msg.mti)) this.onResponse(msg);
    else this.onPeerRequest(msg, frame.header);
  }

  private onResponse(msg: IsoMessage): void {
    let key: string | undefined;
    try {
      key = this.matchKey(msg);
    } catch {
      key = undefined;
    }
    const pending = key === undefined ? undefined : this.inFlight.get(key);
    if (pending === undefined || key === undefined) {
      const safeKey = key === undefined ? undefined : redactCardData(key);
      const expiry = key === undefined ? undefined : this.timedOut.get(key);
      if (key !== undefined && expiry !== undefined && expiry >= this.clock.monotonic()) {
        this.timedOut.delete(key);
        this.counters.lateResponses++;
        this.emit('lateResponse', { key: safeKey as string, mti: msg.mti });
      } else {
        this.counters.unmatchedResponses++;
        this.emit('unmatchedResponse', { key: safeKey, mti: msg.mti });
      }
      return;
    }
    this.inFlight.delete(key);
    this.clock.clearTimeout(pending.timer);
    const rttMs = this.clock.monotonic() - pending.sentAt;
    this.emit('response', { key: redactCardData(key), mti: msg.mti, rttMs });
    pending.resolve(msg);
    this.checkDrained();
  }

  private onPeerRequest(msg: IsoMessage, header: Buffer | undefined): void {
    const respHeader = header === undefined ? undefined : this.responseHeader(header);
    if (this.answerNm && isNetworkManagementRequest(msg)) {
      const code =
        typeof msg.fields[70] === 'string'
          ? msg.fields[70]
          : typeof msg.fields[24] === 'string'
            ? msg.fields[24]
            : undefined;
      this.emit('networkManagement', { code, mti: msg.mti });
      this.respond(msg.mti, buildNetworkManagementResponse(msg, '00'), respHeader);
      return;
    }
    const handler = this.handler;
    if (handler === undefined) {
      this.emit('unhandledRequest', { mti: msg.mti });
      return;
    }
    let out: ReturnType<RequestHandler>;
    try {
      out = handler(msg, this);
    } catch (e) {
      this.handlerFailed(msg.mti, e);
      return;
    }
    if (out instanceof Promise) {
      out.then(
        (resp) => {
          if (resp) this.respond(msg.mti, resp, respHeader);
        },
        (e: unknown) => this.handlerFailed(msg.mti, e),
      );
    } else if (out) {
      this.respond(msg.mti, out, respHeader);
    }
  }

  private respond(requestMti: string, response: IsoMessage, header: Uint8Array | undefined): void {
    if (this._state === 'closed') return;
    try {
      this.send(response, header);
    } catch (e) {
      this.handlerFailed(requestMti, e);
    }
  }

  private handlerFailed(mti: string, e: unknown): void {
    this.counters.handlerErrors++;
    const text = e instanceof Error ? `${e.name}: ${e.message}` : 'non-error thrown';
    this.emit('handlerError', { mti, message: redactCardData(text) });
  }

  private onTimeout(key: string): void {
    const pending = this.inFlight.get(key);
    if (pending === undefined) return;
    this.inFlight.delete(key);
    this.rememberTimedOut(key, pending.timeoutMs);
    this.counters.timeouts++;
    const safeKey = redactCardData(key);
    this.emit('requestTimeout', { key: safeKey, mti: pending.mti, timeoutMs: pending.timeoutMs });
    pending.reject(
      new Iso8583ConnectionError('REQUEST_TIMEOUT', `no response within ${pending.timeoutMs} ms`, {
        key: safeKey,
        mti: pending.mti,
        timeoutMs: pending.timeoutMs,
      }),
    );
    this.checkDrained();
  }

  private rememberTimedOut(key: string, timeoutMs: number): void {
    this.timedOut.delete(key);
    this.timedOut.set(key, this.clock.monotonic() + Math.max(60_000, 2 * timeoutMs));
    // Bounded memory: forget the oldest first (Map keeps insertion order).
    while (this.timedOut.size > this.lateMemory) {
      const oldest = this.timedOut.keys().next().value as string;
      this.timedOut.delete(oldest);
    }
  }

  private checkDrained(): void {
    if (this.inFlight.size > 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private rejectAll(reason: string): void {
    for (const p of this.inFlight.values()) {
      this.clock.clearTimeout(p.timer);
      p.reject(new Iso8583ConnectionError('LINK_CLOSED', `link closed (${reason}) before a response`, { mti: p.mti }));
    }
    this.inFlight.clear();
    this.checkDrained();
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private scheduleEcho(): void {
    const interval = this.echoOptions.intervalMs;
    if (interval <= 0 || this._state !== 'open') return;
    this.echoTimer = this.clock.setTimeout(() => {
      this.echoTimer = undefined;
      if (this._state !== 'open') return;
      const idleFor = this.clock.monotonic() - this.lastReceivedAt;
      if (!this.echoOptions.onlyWhenIdle || idleFor >= interval) {
        // Failures are reported through events (echoTimeout, echo with ok=false); nothing to rethrow here.
        this.echo().catch(() => undefined);
      }
      this.scheduleEcho();
    }, interval);
  }

  private clearEcho(): void {
    if (this.echoTimer !== undefined) {
      this.clock.clearTimeout(this.echoTimer);
      this.echoTimer = undefined;
    }
  }

  private setState(to: LinkState, reason: string): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.emit('state', { from, to, reason });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this._state !== 'closed')
      this.setState('closed', this.closeReason === 'closed' ? 'peer closed' : this.closeReason);
    this.clearEcho();
    this.rejectAll(this.closeReason);
    this.decoder.reset();
    const reason = this.closeReason === 'closed' ? 'peer closed' : this.closeReason;
    this.emit('closed', { reason });
    this.resolveClosed({ reason });
  }
}

function safeMti(message: IsoMessage): string {
  return typeof message?.mti === 'string' && /^\d{4}$/.test(message.mti) ? message.mti : 'invalid';
}
