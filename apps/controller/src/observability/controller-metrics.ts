/**
 * Every Prometheus metric the controller exports, in one registry, named once. Features record
 * through this service; nothing else creates metrics. Labels never carry card data or unbounded
 * values (no connection ids on high-volume series; ids only where the cardinality is the fleet).
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, from a local hop (1 ms) to a slow failover (60 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

@Injectable()
export class ControllerMetrics {
  readonly registry = new Registry();

  /** Inputs handled by the ingest path, by source (kafka | http) and message type. */
  readonly ingested = new Counter({
    name: 'switchyard_ingest_messages_total',
    help: 'Messages from sidecars handled by the controller, by source and type',
    labelNames: ['source', 'type'] as const,
    registers: [this.registry],
  });

  /** Messages sent to a dead-letter topic (or refused from Redis), by topic and reason. */
  readonly deadLettered = new Counter({
    name: 'switchyard_dead_letters_total',
    help: 'Messages the controller could not use, by topic and dead-letter reason',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  /** Every decision the engine committed, by action and trigger (failovers by reason). */
  readonly decisions = new Counter({
    name: 'switchyard_decisions_total',
    help: 'Decisions committed by the decision engine, by action and trigger',
    labelNames: ['action', 'trigger', 'shadow'] as const,
    registers: [this.registry],
  });

  /** Decisions dropped because another replica won the epoch compare-and-set. */
  readonly superseded = new Counter({
    name: 'switchyard_decisions_superseded_total',
    help: 'Decisions dropped after losing the epoch compare-and-set to another replica',
    registers: [this.registry],
  });

  /** Time to decide and commit one input (engine + transaction). */
  readonly decisionSeconds = new Histogram({
    name: 'switchyard_decision_duration_seconds',
    help: 'Time to run the decision engine on one input and commit the outcome',
    labelNames: ['input'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** From a report's arrival at the controller to the outbox commit of the command it caused. */
  readonly reportToCommandSeconds = new Histogram({
    name: 'switchyard_report_to_command_seconds',
    help: 'Time from receiving the health report that triggered a failover to committing its command',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** From the outbox commit of a command to its hand-over on one delivery path. */
  readonly commandDeliverySeconds = new Histogram({
    name: 'switchyard_command_delivery_seconds',
    help: 'Time from issuing a command to handing it over, by delivery path (kafka | redis | http)',
    labelNames: ['path'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** From issuing a command to its result from the sidecar. */
  readonly commandResultSeconds = new Histogram({
    name: 'switchyard_command_result_seconds',
    help: 'Time from issuing a command to receiving its result, by command type and status',
    labelNames: ['type', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commandsFinished = new Counter({
    name: 'switchyard_commands_total',
    help: 'Commands that reached a final status (SUCCEEDED, FAILED, REJECTED, TIMEOUT, EXPIRED), by type',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });

  readonly commandDeliveryFailures = new Counter({
    name: 'switchyard_command_delivery_failures_total',
    help: 'Failed hand-overs of a command on one delivery path (the command is retried)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'switchyard_outbox_pending',
    help: 'Commands in the outbox not yet finished (PENDING or DELIVERED)',
    registers: [this.registry],
  });

  /** 1 while this replica holds the singleton lock (outbox relay, sweeps), else 0. */
  readonly leader = new Gauge({
    name: 'switchyard_leader',
    help: '1 while this controller replica is the leader running the singletons, else 0',
    registers: [this.registry],
  });

  readonly leaderChanges = new Counter({
    name: 'switchyard_leader_changes_total',
    help: 'Times this replica gained or lost leadership',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });

  readonly sidecars = new Gauge({
    name: 'switchyard_sidecars',
    help: 'Sidecars known to the registry, by membership status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly connections = new Gauge({
    name: 'switchyard_connections',
    help: 'Connections in the registry, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  /** Connections with no healthy endpoint to move to (MARK_FAILED in force). */
  readonly connectionsWithoutTarget = new Gauge({
    name: 'switchyard_connections_without_healthy_target',
    help: 'Connections the engine marked FAILED: a move is needed and no endpoint is known healthy',
    registers: [this.registry],
  });

  /** Consumer lag per topic (sum over this replica's partitions). */
  readonly consumerLag = new Gauge({
    name: 'switchyard_consumer_lag',
    help: 'Messages not yet consumed by this replica, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly configAcks = new Counter({
    name: 'switchyard_config_acks_total',
    help: 'Config version acks from sidecars, by status (APPLIED | REJECTED)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchyard_controller_' });
  }
}
