/** Operator-facing connection management: live state, CRUD, policy, manual actions. */
import { Module } from '@nestjs/common';
import { FailoverModule } from '../failover/failover.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';

@Module({
  imports: [FailoverModule],
  controllers: [ConnectionsController],
  providers: [ConnectionsService],
})
export class ConnectionsModule {}
