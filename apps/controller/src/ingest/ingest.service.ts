/**
 * One path above the transports (DESIGN.md: "same code paths above the transport"): a health
 * report, a sidecar's failover request, a registration or a heartbeat is handled here whether it
 * came over Kafka or over REST in direct mode. Every input handled is counted here, by source and
 * type, and free text a sidecar sends is scrubbed of PAN-like digit runs before it can reach a
 * decision reason, an event, the database or a log.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  maskPanLikeDigits,
  type ConnectionEventDto,
  type ConnectionRegistrationDto,
  type Envelope,
  type FailoverRequestDto,
  type HealthReportDto,
  type SidecarHeartbeatDto,
  type SidecarRegistrationDto,
} from '@switchyard/contracts';
import type { Counter } from 'prom-client';
import { Clock } from '../common/clock';
import { FailoverDecisionService, REPLICA_ID, type ApplyOutcome } from '../failover/failover-decision.service';
import { ControllerMetrics } from '../observability/controller-metrics';
import { RegistryEvents } from '../registry/registry.events';
import { SidecarRegistryService } from '../registry/sidecar-registry.service';

export type IngestPath = 'kafka' | 'http';

/** What a sidecar sends, as counted in `switchyard_ingest_messages_total{type}`. */
export type IngestType =
  | 'health-report'
  | 'failover-request'
  | 'sidecar-registration'
  | 'sidecar-heartbeat'
  | 'connection-event'
  | 'connection-registration';

/** Where and when an input arrived (`receivedAt`: `performance.now()` ms, for latency metrics). */
export interface IngestOrigin {
  source: IngestPath;
  receivedAt?: number;
}

const HTTP: IngestOrigin = { source: 'http' };

/** Free text that may be shown to operators: a PAN typed or logged by mistake is masked. */
function scrub(text: string): string {
  // Cheap guard first: the mask only matters for runs of 13+ digits.
  return /\d{13}/.test(text) ? maskPanLikeDigits(text) : text;
}

@Injectable()
export class IngestService {
  /** Label children resolved once: the hot path must not hash label sets per message. */
  private readonly counted = new Map<string, ReturnType<Counter<'source' | 'type'>['labels']>>();

  constructor(
    private readonly decisions: FailoverDecisionService,
    private readonly registry: SidecarRegistryService,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    private readonly metrics: ControllerMetrics,
  ) {}

  async healthReport(report: HealthReportDto, origin: IngestOrigin = HTTP): Promise<ApplyOutcome> {
    if (report.hardSignal) report.hardSignal.detail = scrub(report.hardSignal.detail);
    const outcome = await this.decisions.apply(
      report.connectionId,
      { type: 'HEALTH_REPORT', report },
      { kind: 'controller', id: this.replicaId },
      origin.receivedAt === undefined ? {} : { receivedAt: origin.receivedAt },
    );
    this.count(origin, 'health-report');
    return outcome;
  }

  async failoverRequest(
    connectionId: string,
    request: FailoverRequestDto,
    origin: IngestOrigin = HTTP,
  ): Promise<ApplyOutcome> {
    request.reason = scrub(request.reason);
    if (request.hardSignal) request.hardSignal.detail = scrub(request.hardSignal.detail);
    const outcome = await this.decisions.apply(
      connectionId,
      { type: 'FAILOVER_REQUEST', request },
      { kind: 'sidecar', id: request.sidecarId },
      origin.receivedAt === undefined ? {} : { receivedAt: origin.receivedAt },
    );
    this.count(origin, 'failover-request');
    return outcome;
  }

  async registration(reg: SidecarRegistrationDto, origin: IngestOrigin = HTTP) {
    const receipt = await this.registry.register(reg);
    this.count(origin, 'sidecar-registration');
    return receipt;
  }

  /** The seed's `POST /connections/register`: one connection of an already registered sidecar. */
  async connectionRegistration(body: ConnectionRegistrationDto, origin: IngestOrigin = HTTP) {
    const { sidecarId, status: _status, ...connection } = body;
    const receipt = await this.registry.registerConnection(sidecarId, connection);
    this.count(origin, 'connection-registration');
    return receipt;
  }

  async heartbeat(hb: SidecarHeartbeatDto, origin: IngestOrigin = HTTP) {
    const ack = await this.registry.heartbeat(hb);
    this.count(origin, 'sidecar-heartbeat');
    return ack;
  }

  /** Lifecycle events are facts the sidecar reports: recorded on the event stream for operators. */
  connectionEvent(event: ConnectionEventDto, origin: IngestOrigin = HTTP): void {
    if (event.detail !== undefined) event.detail = scrub(event.detail);
    this.events.emit({
      type: 'connection.state',
      at: this.clock.now().toISOString(),
      connectionId: event.connectionId,
      sidecarId: event.sidecarId,
      data: { event: event.event, ...(event as unknown as Record<string, unknown>) },
    });
    this.count(origin, 'connection-event');
  }

  /** Dispatch for the Kafka topics (several message types travel on `connection-events`). */
  async envelope(env: Envelope, receivedAt?: number): Promise<void> {
    const origin: IngestOrigin = receivedAt === undefined ? { source: 'kafka' } : { source: 'kafka', receivedAt };
    switch (env.type) {
      case 'health-report':
        await this.healthReport(env.payload, origin);
        return;
      case 'sidecar-registration':
        await this.registration(env.payload, origin);
        return;
      case 'sidecar-heartbeat':
        await this.heartbeat(env.payload, origin);
        return;
      case 'connection-event':
        this.connectionEvent(env.payload, origin);
        return;
      default:
        throw new Error(`message type ${env.type} is not handled by the ingest path`);
    }
  }

  private count(origin: IngestOrigin, type: IngestType): void {
    const key = `${origin.source}|${type}`;
    let child = this.counted.get(key);
    if (child === undefined) {
      child = this.metrics.ingested.labels(origin.source, type);
      this.counted.set(key, child);
    }
    child.inc();
  }
}
