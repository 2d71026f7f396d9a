/** Sidecar membership and connection ownership; the sidecar lane's registration endpoints. */
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module';
import { Clock } from '../common/clock';
import { ControllerEnv } from '../config/env.validation';
import { RegistryEvents } from './registry.events';
import { SidecarRegistryService } from './sidecar-registry.service';
import { SidecarsController } from './sidecars.controller';

@Module({
  imports: [AuthModule],
  controllers: [SidecarsController],
  providers: [
    {
      provide: SidecarRegistryService,
      inject: [DataSource, Clock, RegistryEvents, ControllerEnv],
      useFactory: (db: DataSource, clock: Clock, events: RegistryEvents, env: ControllerEnv) =>
        new SidecarRegistryService(db, clock, events, {
          heartbeatIntervalMs: env.SIDECAR_HEARTBEAT_INTERVAL_MS,
          sidecarTtlMs: env.SIDECAR_TTL_MS,
        }),
    },
  ],
  exports: [SidecarRegistryService],
})
export class RegistryModule {}
