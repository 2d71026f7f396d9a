/** The decision engine bound to PostgreSQL: fenced decisions, the outbox write, the policy in force. */
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { FailoverDecisionEngine } from '../decisions';
import { RegistryEvents } from '../registry/registry.events';
import {
  DECISION_SETTINGS,
  DEFAULT_DECISION_SETTINGS,
  FailoverDecisionService,
  REPLICA_ID,
} from './failover-decision.service';
import { PolicyResolver } from './policy.resolver';

@Module({
  providers: [
    {
      provide: FailoverDecisionEngine,
      inject: [Clock],
      useFactory: (clock: Clock) =>
        new FailoverDecisionEngine({ now: () => clock.now().getTime(), random: Math.random }),
    },
    { provide: DECISION_SETTINGS, useValue: DEFAULT_DECISION_SETTINGS },
    {
      provide: PolicyResolver,
      inject: [DataSource, Clock],
      useFactory: (db: DataSource, clock: Clock) => new PolicyResolver(db, clock),
    },
    {
      provide: FailoverDecisionService,
      inject: [
        DataSource,
        Clock,
        FailoverDecisionEngine,
        PolicyResolver,
        RegistryEvents,
        REPLICA_ID,
        DECISION_SETTINGS,
      ],
      useFactory: (...args: ConstructorParameters<typeof FailoverDecisionService>) => {
        const service = new FailoverDecisionService(...args);
        // A registration can move a connection to another sidecar or change its endpoints.
        args[4].subscribe((e) => {
          if (e.type === 'sidecar.registered' || e.type === 'sidecar.lost' || e.type === 'sidecar.deregistered')
            service.forget();
          else if ((e.type === 'connection.updated' || e.type === 'connection.deleted') && e.connectionId)
            service.forget(e.connectionId);
        });
        return service;
      },
    },
  ],
  exports: [FailoverDecisionService, PolicyResolver],
})
export class FailoverModule {}
