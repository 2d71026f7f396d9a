/**
 * Health owns the sidecar's Kubernetes probes on HEALTH_PORT: liveness (the process can answer)
 * and readiness (the sidecar can do its job). Readiness gains a Terminus indicator per dependency
 * (controller registration, application reachability, Kafka/Redis) as those features arrive.
 */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthListener } from './health.listener';

@Module({
  imports: [TerminusModule],
  providers: [HealthListener],
  exports: [HealthListener],
})
export class HealthModule {}
