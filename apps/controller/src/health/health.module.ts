/**
 * Health owns the probes Kubernetes uses: liveness (the process can answer) and readiness (the
 * controller can reach PostgreSQL, and Kafka and Redis when they are configured).
 */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
})
export class HealthModule {}
