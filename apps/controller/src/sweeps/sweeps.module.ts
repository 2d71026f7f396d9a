/** The leader's periodic sweeps: sidecar TTL expiry, decision ticks, registry gauges. */
import { Module } from '@nestjs/common';
import { FailoverModule } from '../failover/failover.module';
import { RegistryModule } from '../registry/registry.module';
import { LeaderSweeps } from './leader-sweeps.service';

@Module({
  imports: [RegistryModule, FailoverModule],
  providers: [LeaderSweeps],
  exports: [LeaderSweeps],
})
export class SweepsModule {}
