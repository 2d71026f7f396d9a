import { Injectable } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { HttpListener, readablePath, sendJson } from '../common/http-listener';

@Injectable()
export class MetricsListener extends HttpListener {
  constructor(private readonly registry: Registry) {
    super();
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = readablePath(request, response);
    if (path === '/metrics') {
      const body = await this.registry.metrics();
      response.writeHead(200, { 'Content-Type': this.registry.contentType });
      response.end(body);
    } else if (path !== undefined) {
      sendJson(response, 404, { status: 'error', message: `no route ${path}; try /metrics` });
    }
  }
}
