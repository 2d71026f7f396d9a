/**
 * Health owns the probes Kubernetes uses: liveness (the process can answer) and readiness (the
 * controller can do its job). Readiness gains a Terminus indicator per dependency as PostgreSQL,
 * Kafka and Redis arrive with their modules.
 */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
})
export class HealthModule {}
