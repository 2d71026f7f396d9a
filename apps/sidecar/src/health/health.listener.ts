import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { IncomingMessage, ServerResponse } from 'node:http';
import { HttpListener, readablePath, sendJson } from '../common/http-listener';

@Injectable()
export class HealthListener extends HttpListener {
  constructor(private readonly health: HealthCheckService) {
    super();
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = readablePath(request, response);
    if (path === '/livez') {
      // Liveness checks nothing outside the process: a dependency outage must not restart the pod.
      sendJson(response, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      sendJson(response, ...(await this.readiness()));
    } else if (path !== undefined) {
      sendJson(response, 404, { status: 'error', message: `no route ${path}; try /livez or /readyz` });
    }
  }

  /**
   * Runs every registered indicator, in the same body shape as the controller's /readyz. None is
   * registered yet, so the body lists no checks; main.ts opens this port after the control API
   * and metrics listeners, so a 200 here means all three are up.
   */
  private async readiness(): Promise<[number, unknown]> {
    try {
      return [200, await this.health.check([])];
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        return [503, error.getResponse()];
      }
      throw error;
    }
  }
}
