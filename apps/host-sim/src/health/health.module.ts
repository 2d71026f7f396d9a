/**
 * Health owns the host simulator's health endpoint, used by local stacks and compose to know the
 * simulator is up before clients connect.
 */
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({
  controllers: [HealthController],
})
export class HealthModule {}
