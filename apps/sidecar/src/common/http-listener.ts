/**
 * A plain node:http listener beside the Nest application, for the sidecar's extra ports (health
 * probes, Prometheus metrics). Kept off the Nest/Express stack so those ports serve only their
 * few routes, and opened from main.ts like the control API; Nest's shutdown closes them.
 */
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export abstract class HttpListener implements OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private server: Server | undefined;

  /** Opens the port; resolves with the bound port (useful when `port` is 0 in tests). */
  async listen(port: number, host: string): Promise<number> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.error('Request failed', error instanceof Error ? error.stack : String(error));
        if (response.headersSent) {
          response.destroy();
        } else {
          sendJson(response, 500, { status: 'error', message: 'internal error' });
        }
      });
    });
    server.listen(port, host);
    await once(server, 'listening'); // rejects on 'error', e.g. EADDRINUSE
    this.server = server;
    const bound = (server.address() as AddressInfo).port;
    this.logger.log(`Listening on http://${host}:${bound}`);
    return bound;
  }

  // After Nest has closed the control API: probes and scrapes answer for as long as possible.
  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) {
      return;
    }
    this.server = undefined;
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    this.logger.log('Closed');
  }

  protected abstract handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** Path of a request, or undefined when the method is not GET/HEAD (answered 405 here). */
export function readablePath(request: IncomingMessage, response: ServerResponse): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendJson(response, 405, { status: 'error', message: `method ${request.method} not allowed` });
    return undefined;
  }
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
