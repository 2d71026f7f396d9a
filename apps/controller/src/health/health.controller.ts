import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type Redis from 'ioredis';
import type { Kafka } from 'kafkajs';
import { Public } from '../auth/roles.decorator';
import { KAFKA, REDIS } from '../infrastructure/transports';
import { ApiJson, ApiProblems } from '../openapi/api-docs';

/** Probe routes, served at the root (outside /api/v1) where Kubernetes probes expect them. */
export const HEALTH_ROUTES = ['livez', 'readyz'] as const;

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

@ApiTags('probes')
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  /** Liveness checks nothing outside the process: a dependency outage must not restart the pod. */
  @Get('livez')
  @ApiOperation({ summary: 'Liveness (checks nothing outside the process)' })
  @ApiJson(200, 'Liveness', 'Alive')
  livez(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL always (it is the registry); Kafka and Redis when configured (direct
   * mode has neither). A replica that cannot reach one is taken out of the Service's endpoints.
   */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: PostgreSQL, and Kafka / Redis when configured' })
  @ApiJson(200, 'Readiness', 'Ready')
  @ApiProblems(503)
  @HealthCheck()
  readyz(): Promise<HealthCheckResult> {
    const checks = [() => this.db.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS })];
    if (this.kafka) checks.push(() => this.kafkaCheck(this.kafka!));
    if (this.redis) checks.push(() => this.redisCheck(this.redis!));
    return this.health.check(checks);
  }

  private async kafkaCheck(kafka: Kafka): Promise<HealthIndicatorResult> {
    const admin = kafka.admin();
    try {
      await withTimeout(admin.connect(), 'Kafka');
      const cluster = await withTimeout(admin.describeCluster(), 'Kafka');
      return { kafka: { status: 'up', brokers: cluster.brokers.length } };
    } catch (err) {
      return { kafka: { status: 'down', message: (err as Error).message } };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async redisCheck(redis: Redis): Promise<HealthIndicatorResult> {
    try {
      const pong = await withTimeout(redis.ping(), 'Redis');
      return { redis: { status: pong === 'PONG' ? 'up' : 'down' } };
    } catch (err) {
      return { redis: { status: 'down', message: (err as Error).message } };
    }
  }
}
