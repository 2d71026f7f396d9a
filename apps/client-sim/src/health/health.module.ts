/**
 * Health owns the client application's health endpoint, the one the sidecar's application layer
 * polls (DESIGN.md: `GET /health`, or Spring-style `GET /actuator/health`).
 */
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({
  controllers: [HealthController],
})
export class HealthModule {}
