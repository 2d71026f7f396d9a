/** Process-wide services every feature uses: the clock, the replica's name, the registry event bus. */
import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { ControllerEnv } from '../config/env.validation';
import { REPLICA_ID } from '../failover/failover-decision.service';
import { RegistryEvents } from '../registry/registry.events';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: REPLICA_ID, inject: [ControllerEnv], useFactory: (env: ControllerEnv) => env.CONTROLLER_REPLICA_ID },
    RegistryEvents,
  ],
  exports: [Clock, REPLICA_ID, RegistryEvents],
})
export class CoreModule {}
