/**
 * The client side of a link (what an acquirer or the sidecar's echo probe holds): connects over
 * TCP or TLS, keeps one Iso8583Link up, reconnects with exponential backoff and jitter (on by
 * default), optionally signs on after each connect, and forwards the link's events so a health
 * monitor subscribes once for the client's whole life.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Clock, RandomSource, systemClock, systemRandom, TimerHandle } from './clock';
import { backoffDelay, ReconnectOptions, ResolvedReconnect, resolveReconnect } from './backoff';
import { Iso8583ConnectionError } from './connection.errors';
import { EchoResult, Iso8583Link, LinkEvents, LinkOptions, LinkStats } from './iso8583-link';
import { StanGenerator } from './stan.generator';
import { TypedEmitter } from './typed-emitter';
import type { IsoMessage } from '../message/message.types';
import { FrameCodec } from '../framing/frame.codec';

export type ClientState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'draining' | 'closed';

export interface ClientOptions extends LinkOptions {
  host: string;
  port: number;
  /** TLS: `true` for defaults, or node:tls connect options (ca, cert, key, servername, ...). */
  tls?: boolean | tls.ConnectionOptions;
  /** Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Default: enabled, 500 ms doubling to 30 s, +/-20 % jitter. `false` disables. */
  reconnect?: ReconnectOptions | false;
  /** Send a sign-on (0800 / 001) after every connect. Default false. */
  signOnOnConnect?: boolean;
}

/** Link events the client re-emits, plus its own lifecycle. */
export interface ClientEvents extends Omit<LinkEvents, 'state' | 'closed'> {
  state: { from: ClientState; to: ClientState; reason: string };
  connecting: { attempt: number };
  connected: { attempt: number; remote: string; linkId: number };
  disconnected: { reason: string; linkId: number };
  connectFailed: { attempt: number; error: string };
  reconnectScheduled: { attempt: number; delayMs: number };
  signedOn: { linkId: number };
  signOnFailed: { linkId: number; error: string };
}

const FORWARDED: ReadonlyArray<keyof ClientEvents & keyof LinkEvents> = [
  'message',
  'response',
  'echo',
  'echoTimeout',
  'requestTimeout',
  'lateResponse',
  'unmatchedResponse',
  'duplicateRequest',
  'networkManagement',
  'unhandledRequest',
  'unpackError',
  'framingError',
  'handlerError',
];

export class Iso8583Client extends TypedEmitter<ClientEvents> {
  private _state: ClientState = 'idle';
  private _link: Iso8583Link | undefined;
  private socket: net.Socket | undefined;
  private readonly options: ClientOptions;
  private readonly reconnect: ResolvedReconnect;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly frames: FrameCodec;
  /** One STAN sequence across reconnects, so a new link never repeats a recent STAN. */
  readonly stan: StanGenerator;
  private timer: TimerHandle | undefined;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    this.reconnect = resolveReconnect(options.reconnect);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? systemRandom;
    this.stan = options.stan ?? new StanGenerator({ random: this.random });
    this.frames = options.framing instanceof FrameCodec ? options.framing : new FrameCodec(options.framing);
  }

  get state(): ClientState {
    return this._state;
  }

  /** The current link, when connected. */
  get link(): Iso8583Link | undefined {
    return this._link;
  }

  get stats(): LinkStats | undefined {
    return this._link?.stats;
  }

  /** Starts connecting (and reconnecting) in the background. */
  start(): void {
    if (this._state !== 'idle') return;
    this.connectAttempt(1);
  }

  /**
   * Starts if needed and resolves once connected. With reconnect enabled it keeps trying (until
   * maxAttempts); otherwise the first failure rejects with CONNECT_FAILED.
   */
  connect(): Promise<void> {
    if (this._state === 'connected') return Promise.resolve();
    if (this._state === 'closed' || this._state === 'draining') {
      return Promise.reject(new Iso8583ConnectionError('LINK_CLOSED', `client is ${this._state}`));
    }
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.start();
    return p;
  }

  request(message: IsoMessage, options?: { timeoutMs?: number }): Promise<IsoMessage> {
    const link = this.requireLink();
    return link === undefined ? this.notConnected(message) : link.request(message, options);
  }

  send(message: IsoMessage): void {
    const link = this._link;
    if (link === undefined || this._state !== 'connected') {
      throw new Iso8583ConnectionError('NOT_CONNECTED', `client is ${this._state}`, { mti: message.mti });
    }
    link.send(message);
  }

  echo(timeoutMs?: number): Promise<EchoResult> {
    const link = this.requireLink();
    return link === undefined ? this.notConnected() : link.echo(timeoutMs);
  }

  signOn(timeoutMs?: number): Promise<IsoMessage> {
    const link = this.requireLink();
    return link === undefined ? this.notConnected() : link.signOn(timeoutMs);
  }

  signOff(timeoutMs?: number): Promise<IsoMessage> {
    const link = this.requireLink();
    return link === undefined ? this.notConnected() : link.signOff(timeoutMs);
  }

  /** Stops reconnecting, drains the link (see Iso8583Link.drain) and closes. */
  async drain(timeoutMs?: number): Promise<void> {
    if (this._state === 'closed') return;
    this.setState('draining', 'drain requested');
    this.cancelTimer();
    const link = this._link;
    if (link !== undefined) await link.drain(timeoutMs);
    this.shutdown('drained');
  }

  /** Closes now; in-flight requests reject with LINK_CLOSED. */
  async close(): Promise<void> {
    if (this._state === 'closed') return;
    const link = this._link;
    this.shutdown('closed by caller');
    if (link !== undefined) await link.closed;
  }

  private shutdown(reason: string): void {
    this.cancelTimer();
    this.setState('closed', reason);
    this._link?.close(reason);
    if (this.socket !== undefined && this._link === undefined) this.socket.destroy();
    this.rejectWaiters(new Iso8583ConnectionError('LINK_CLOSED', `client closed (${reason})`));
  }

  private requireLink(): Iso8583Link | undefined {
    return this._state === 'connected' ? this._link : undefined;
  }

  private notConnected<T>(message?: IsoMessage): Promise<T> {
    const code = this._state === 'draining' ? 'LINK_DRAINING' : 'NOT_CONNECTED';
    return Promise.reject(
      new Iso8583ConnectionError(code, `client is ${this._state}`, message ? { mti: message.mti } : {}),
    );
  }

  private connectAttempt(attempt: number): void {
    if (this._state === 'closed' || this._state === 'draining') return;
    this.setState('connecting', attempt === 1 ? 'connect' : `reconnect attempt ${attempt}`);
    this.emit('connecting', { attempt });
    const { host, port } = this.options;
    const tlsOpt = this.options.tls;
    let socket: net.Socket;
    try {
      socket =
        tlsOpt === undefined || tlsOpt === false
          ? net.connect({ host, port })
          : tls.connect({ host, port, ...(tlsOpt === true ? {} : tlsOpt) });
    } catch (e) {
      this.connectFailed(attempt, e instanceof Error ? e.message : String(e));
      return;
    }
    this.socket = socket;
    let settled = false;
    const connectTimer = this.clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      this.connectFailed(attempt, `connect timeout after ${this.options.connectTimeoutMs ?? 10_000} ms`);
    }, this.options.connectTimeoutMs ?? 10_000);
    const onError = (err: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      this.clock.clearTimeout(connectTimer);
      socket.destroy();
      this.connectFailed(attempt, err.code ?? err.message);
    };
    socket.once('error', onError);
    socket.once(tlsOpt ? 'secureConnect' : 'connect', () => {
      if (settled) return;
      settled = true;
      this.clock.clearTimeout(connectTimer);
      socket.off('error', onError);
      if (this._state !== 'connecting') {
        socket.destroy();
        return;
      }
      this.onConnected(socket, attempt);
    });
  }

  private onConnected(socket: net.Socket, attempt: number): void {
    const link = new Iso8583Link(socket, {
      ...this.options,
      framing: this.frames,
      clock: this.clock,
      random: this.random,
      stan: this.stan,
    });
    this._link = link;
    for (const name of FORWARDED) {
      link.on(name, (e) => this.emit(name, e as never));
    }
    link.on('closed', ({ reason }) => this.onLinkClosed(link, reason));
    this.setState('connected', 'connected');
    this.emit('connected', { attempt, remote: link.remote, linkId: link.id });
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
    if (this.options.signOnOnConnect) {
      link.signOn().then(
        () => this.emit('signedOn', { linkId: link.id }),
        (e: unknown) =>
          this.emit('signOnFailed', { linkId: link.id, error: e instanceof Error ? e.message : String(e) }),
      );
    }
  }

  private onLinkClosed(link: Iso8583Link, reason: string): void {
    if (this._link !== link) return;
    this._link = undefined;
    this.socket = undefined;
    this.emit('disconnected', { reason, linkId: link.id });
    if (this._state === 'closed' || this._state === 'draining') return;
    this.scheduleReconnect(1, reason);
  }

  private connectFailed(attempt: number, error: string): void {
    this.socket = undefined;
    this.emit('connectFailed', { attempt, error });
    if (this._state === 'closed' || this._state === 'draining') return;
    this.scheduleReconnect(attempt + 1, error);
  }

  private scheduleReconnect(attempt: number, reason: string): void {
    const r = this.reconnect;
    if (!r.enabled || attempt > r.maxAttempts) {
      this.setState('closed', `not reconnecting: ${reason}`);
      this.rejectWaiters(new Iso8583ConnectionError('CONNECT_FAILED', `could not connect: ${reason}`));
      return;
    }
    const delayMs = backoffDelay(attempt, r, this.random);
    this.setState('backoff', reason);
    this.emit('reconnectScheduled', { attempt, delayMs });
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.connectAttempt(attempt);
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private rejectWaiters(e: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(e);
  }

  private setState(to: ClientState, reason: string): void {
    const from = this._state;
    if (from === to) return;
    this._state = to;
    this.emit('state', { from, to, reason });
  }
}
