/** Versioned config documents, their publication on every path, and the per-sidecar rollout. */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CommandsModule } from '../commands/commands.module';
import { FailoverModule } from '../failover/failover.module';
import { ConfigDistributionController } from './config-distribution.controller';
import { ConfigDistributionService } from './config-distribution.service';

@Module({
  imports: [AuthModule, FailoverModule, CommandsModule],
  controllers: [ConfigDistributionController],
  providers: [ConfigDistributionService],
  exports: [ConfigDistributionService],
})
export class ConfigDistributionModule {}
