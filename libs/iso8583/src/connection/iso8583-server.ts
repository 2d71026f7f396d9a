/**
 * The server side (what the host simulator stands on): listens on TCP or TLS, accepts many links,
 * and gives each one the same options and request handler. Network management requests are
 * answered automatically unless `answerNetworkManagement: false` (a simulator injecting echo
 * faults turns that off and answers 0800 itself).
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { FrameCodec } from '../framing/frame.codec';
import { Iso8583Link, LinkOptions, RequestHandler } from './iso8583-link';
import { TypedEmitter } from './typed-emitter';

export interface ServerOptions extends Omit<LinkOptions, 'onRequest'> {
  /** Default: all interfaces (as node:net). Use 127.0.0.1 in tests. */
  host?: string;
  /** 0 = an ephemeral port (read it from listen()'s result). */
  port: number;
  /** TLS server options (key, cert, ca, requestCert, ...). */
  tls?: tls.TlsOptions;
  /** Requests from clients; return the response (or nothing). */
  handler?: RequestHandler;
  /** Refuse connections beyond this many links. Default 1000. */
  maxLinks?: number;
}

export interface ServerEvents {
  listening: { address: string; port: number };
  linkOpened: { link: Iso8583Link };
  linkClosed: { link: Iso8583Link; reason: string };
  linkRefused: { remote: string; reason: string };
  closed: { reason: string };
}

export class Iso8583Server extends TypedEmitter<ServerEvents> {
  private readonly server: net.Server;
  private readonly options: ServerOptions;
  private readonly frames: FrameCodec;
  private readonly _links = new Set<Iso8583Link>();
  private listening = false;

  constructor(options: ServerOptions) {
    super();
    this.options = options;
    this.frames = options.framing instanceof FrameCodec ? options.framing : new FrameCodec(options.framing);
    this.server =
      options.tls === undefined
        ? net.createServer((socket) => this.accept(socket))
        : tls.createServer(options.tls, (socket) => this.accept(socket));
    // A failed TLS handshake or a client reset before accept is the client's problem, not the server's.
    this.server.on('tlsClientError', (_err: Error, socket: tls.TLSSocket) => socket.destroy());
  }

  get links(): ReadonlySet<Iso8583Link> {
    return this._links;
  }

  /** Starts listening; resolves with the bound address (useful with port 0). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.server.once('error', onError);
      this.server.listen({ port: this.options.port, host: this.options.host }, () => {
        this.server.off('error', onError);
        this.listening = true;
        const address = this.server.address() as AddressInfo;
        this.emit('listening', { address: address.address, port: address.port });
        resolve(address);
      });
    });
  }

  /**
   * Stops accepting, then drains every link (bounded by `drainTimeoutMs`, default 5 000 ms) and
   * resolves when the listener and all links are closed.
   */
  async close(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      if (!this.listening) return resolve();
      this.server.close(() => resolve());
    });
    this.listening = false;
    await Promise.all([...this._links].map((l) => l.drain(options.drainTimeoutMs ?? 5_000)));
    await stopped;
    this.emit('closed', { reason: 'closed by caller' });
  }

  private accept(socket: net.Socket): void {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const max = this.options.maxLinks ?? 1000;
    if (this._links.size >= max) {
      this.emit('linkRefused', { remote, reason: `maxLinks ${max} reached` });
      socket.destroy();
      return;
    }
    const link = new Iso8583Link(socket, { ...this.options, framing: this.frames, onRequest: this.options.handler });
    this._links.add(link);
    link.on('closed', ({ reason }) => {
      this._links.delete(link);
      this.emit('linkClosed', { link, reason });
    });
    this.emit('linkOpened', { link });
  }
}
