/**
 * Consumer lag per topic for `switchyard_consumer_lag`: every few seconds, the group's committed
 * offsets (admin `fetchOffsets`) against the partitions' high watermarks (`fetchTopicOffsets`),
 * summed over the partitions this replica is assigned. Runs only when Kafka is configured and a
 * consumer has asked to be watched; one admin connection for all topics.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA } from '../infrastructure/transports';
import { ControllerMetrics } from './controller-metrics';

export interface WatchedConsumer {
  groupId: string;
  topic: string;
  /** Partitions of `topic` this replica consumes now; null = not joined (lag not reported). */
  assignedPartitions: () => readonly number[] | null;
}

export const LAG_INTERVAL_MS = 5_000;

/** Lag of one partition; a partition the group never committed on counts from its low watermark. */
export function partitionLag(committed: string, high: string, low: string): number {
  const c = Number(committed);
  const start = c >= 0 ? c : Number(low);
  return Math.max(0, Number(high) - start);
}

@Injectable()
export class ConsumerLagCollector implements OnApplicationShutdown {
  private readonly logger = new Logger('ConsumerLag');
  private readonly watched: WatchedConsumer[] = [];
  private admin: Admin | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private warned = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    private readonly metrics: ControllerMetrics,
  ) {}

  /** Start reporting lag for a consumer (the first call starts the timer). No-op without Kafka. */
  watch(consumer: WatchedConsumer, intervalMs = LAG_INTERVAL_MS): void {
    if (!this.kafka) return;
    this.watched.push(consumer);
    if (this.timer) return;
    this.timer = setInterval(() => void this.collect(), intervalMs);
    this.timer.unref();
  }

  /** One collection round (also called by tests); concurrent calls share the round in flight. */
  collect(): Promise<void> {
    this.running ??= this.collectOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async collectOnce(): Promise<void> {
    if (!this.kafka || this.watched.length === 0) return;
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      for (const w of this.watched) {
        const assigned = w.assignedPartitions();
        if (assigned === null) continue;
        const [committed, watermarks] = await Promise.all([
          this.admin.fetchOffsets({ groupId: w.groupId, topics: [w.topic] }),
          this.admin.fetchTopicOffsets(w.topic),
        ]);
        const byPartition = new Map(
          (committed.find((t) => t.topic === w.topic)?.partitions ?? []).map((p) => [p.partition, p.offset]),
        );
        const mine = new Set(assigned);
        let lag = 0;
        for (const p of watermarks) {
          if (!mine.has(p.partition)) continue;
          lag += partitionLag(byPartition.get(p.partition) ?? '-1', p.high, p.low);
        }
        this.metrics.consumerLag.set({ topic: w.topic }, lag);
      }
      this.warned = false;
    } catch (err) {
      // Kafka down or rebalancing: keep the last value, say so once, try again next round.
      if (!this.warned) this.logger.warn(`could not measure consumer lag: ${(err as Error).message}`);
      this.warned = true;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
