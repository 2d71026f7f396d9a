import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

/** Probe routes, served at the root (outside /api/v1) where Kubernetes probes expect them. */
export const HEALTH_ROUTES = ['livez', 'readyz'] as const;

@Controller()
export class HealthController {
  constructor(private readonly health: HealthCheckService) {}

  /** Liveness checks nothing outside the process: a dependency outage must not restart the pod. */
  @Get('livez')
  livez(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness runs every registered indicator. None exists yet: the controller has no dependency
   * wired, so it is ready as soon as it serves HTTP, and the body lists no checks.
   */
  @Get('readyz')
  @HealthCheck()
  readyz(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}
