/**
 * Command delivery and results: the outbox relay (leader), deadlines (leader), the sidecars' HTTP
 * command stream (every replica), results over Kafka and REST, and the ops views of commands.
 */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FailoverModule } from '../failover/failover.module';
import { CommandDeadlines } from './command-deadlines.service';
import { CommandResultsConsumer } from './command-results.consumer';
import { CommandResultsService } from './command-results.service';
import { CommandStreamController } from './command-stream.controller';
import { CommandStreamHub } from './command-stream.hub';
import { CommandViews } from './command-views.service';
import { CommandsController } from './commands.controller';
import { OutboxRelay } from './outbox-relay.service';
import { DEFAULT_RELAY_SETTINGS, RELAY_SETTINGS } from './relay-settings';

@Module({
  imports: [AuthModule, FailoverModule],
  controllers: [CommandsController, CommandStreamController],
  providers: [
    { provide: RELAY_SETTINGS, useValue: DEFAULT_RELAY_SETTINGS },
    CommandStreamHub,
    OutboxRelay,
    CommandDeadlines,
    CommandResultsService,
    CommandResultsConsumer,
    CommandViews,
  ],
  exports: [CommandStreamHub, CommandResultsConsumer, OutboxRelay, CommandDeadlines, RELAY_SETTINGS],
})
export class CommandsModule {}
