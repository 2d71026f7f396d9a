/**
 * Who runs the singletons: the advisory-lock leader election and the LISTEN session every
 * replica keeps. Global, so any feature can register a task with `runWhileLeader` or listen to a
 * notification channel. Campaigning starts once the whole application is up (every task is
 * registered by then) and ends before the database pool closes on shutdown.
 */
import {
  Global,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ControllerEnv } from '../config/env.validation';
import {
  DEFAULT_LEADER_SETTINGS,
  LEADER_SETTINGS,
  LeaderElection,
  type LeaderSettings,
} from './leader-election.service';
import { PgNotifications } from './pg-notifications';

@Injectable()
class LeaderLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly election: LeaderElection,
    private readonly notifications: PgNotifications,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.start();
    this.election.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.election.stop();
    await this.notifications.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: LEADER_SETTINGS,
      inject: [ControllerEnv],
      useFactory: (env: ControllerEnv): LeaderSettings => ({
        ...DEFAULT_LEADER_SETTINGS,
        databaseUrl: env.DATABASE_URL,
        replicaId: env.CONTROLLER_REPLICA_ID,
      }),
    },
    LeaderElection,
    PgNotifications,
    LeaderLifecycle,
  ],
  exports: [LeaderElection, PgNotifications],
})
export class LeaderModule {}
