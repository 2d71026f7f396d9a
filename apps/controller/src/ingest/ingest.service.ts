/**
 * One path above the transports (DESIGN.md: "same code paths above the transport"): a health
 * report, a sidecar's failover request, a registration or a heartbeat is handled here whether it
 * came over Kafka or over REST in direct mode.
 */
import { Injectable } from '@nestjs/common';
import type {
  ConnectionEventDto,
  Envelope,
  FailoverRequestDto,
  HealthReportDto,
  SidecarHeartbeatDto,
  SidecarRegistrationDto,
} from '@switchyard/contracts';
import { FailoverDecisionService, type ApplyOutcome } from '../failover/failover-decision.service';
import { RegistryEvents } from '../registry/registry.events';
import { SidecarRegistryService } from '../registry/sidecar-registry.service';
import { Clock } from '../common/clock';
import { Inject } from '@nestjs/common';
import { REPLICA_ID } from '../failover/failover-decision.service';

export type IngestPath = 'kafka' | 'http';

@Injectable()
export class IngestService {
  constructor(
    private readonly decisions: FailoverDecisionService,
    private readonly registry: SidecarRegistryService,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    @Inject(REPLICA_ID) private readonly replicaId: string,
  ) {}

  healthReport(report: HealthReportDto): Promise<ApplyOutcome> {
    return this.decisions.apply(
      report.connectionId,
      { type: 'HEALTH_REPORT', report },
      { kind: 'controller', id: this.replicaId },
    );
  }

  failoverRequest(connectionId: string, request: FailoverRequestDto): Promise<ApplyOutcome> {
    return this.decisions.apply(
      connectionId,
      { type: 'FAILOVER_REQUEST', request },
      { kind: 'sidecar', id: request.sidecarId },
    );
  }

  registration(reg: SidecarRegistrationDto) {
    return this.registry.register(reg);
  }

  heartbeat(hb: SidecarHeartbeatDto) {
    return this.registry.heartbeat(hb);
  }

  /** Lifecycle events are facts the sidecar reports: recorded on the event stream for operators. */
  connectionEvent(event: ConnectionEventDto): void {
    this.events.emit({
      type: 'connection.state',
      at: this.clock.now().toISOString(),
      connectionId: event.connectionId,
      sidecarId: event.sidecarId,
      data: { event: event.event, ...(event as unknown as Record<string, unknown>) },
    });
  }

  /** Dispatch for the Kafka `connection-events` topic (several message types travel on it). */
  async envelope(env: Envelope): Promise<void> {
    switch (env.type) {
      case 'health-report':
        await this.healthReport(env.payload);
        return;
      case 'sidecar-registration':
        await this.registration(env.payload);
        return;
      case 'sidecar-heartbeat':
        await this.heartbeat(env.payload);
        return;
      case 'connection-event':
        this.connectionEvent(env.payload);
        return;
      default:
        throw new Error(`message type ${env.type} is not handled by the ingest path`);
    }
  }
}
