/** The decision engine bound to PostgreSQL: fenced decisions, the outbox write, the policy in force. */
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { FailoverDecisionEngine } from '../decisions';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';
import {
  DECISION_SETTINGS,
  DEFAULT_DECISION_SETTINGS,
  FailoverDecisionService,
  REPLICA_ID,
} from './failover-decision.service';
import { DecisionStateFlusher } from './decision-state.flusher';
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
        ControllerMetrics,
      ],
      useFactory: (...args: ConstructorParameters<typeof FailoverDecisionService>) => {
        const service = new FailoverDecisionService(...args);
        // A registration can move a connection to another sidecar or change its endpoints: forget
        // that sidecar's connections only (others keep their cached, not yet written, state).
        args[4].subscribe((e) => {
          if (
            (e.type === 'sidecar.registered' || e.type === 'sidecar.lost' || e.type === 'sidecar.deregistered') &&
            e.sidecarId
          ) {
            const listed = Array.isArray(e.data['connections']) ? (e.data['connections'] as string[]) : [];
            service.forgetSidecar(e.sidecarId, listed);
          } else if ((e.type === 'connection.updated' || e.type === 'connection.deleted') && e.connectionId)
            service.forget(e.connectionId);
        });
        return service;
      },
    },
    DecisionStateFlusher,
  ],
  exports: [FailoverDecisionService, PolicyResolver],
})
export class FailoverModule {}
