/** Everything sidecars send, over Kafka or REST, into the registry and the decision engine. */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FailoverModule } from '../failover/failover.module';
import { RegistryModule } from '../registry/registry.module';
import { ConnectionsSidecarController } from './connections-sidecar.controller';
import { IngestConsumers } from './ingest.consumers';
import { IngestService } from './ingest.service';

@Module({
  imports: [AuthModule, RegistryModule, FailoverModule],
  controllers: [ConnectionsSidecarController],
  providers: [IngestService, IngestConsumers],
  exports: [IngestService],
})
export class IngestModule {}
