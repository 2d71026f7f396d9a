/**
 * The topics the stack provisions: the system's topics and their dead-letter topics, as defined
 * once in libs/contracts. Imported from source (not the built package) because the stack must run
 * before anything is built.
 */
import { TOPIC_DEFINITIONS } from '../../../libs/contracts/src/topics/topics';

export interface StackTopic {
  name: string;
  partitions: number;
  compacted: boolean;
}

/** Partition counts come from contracts' defaults, overridden per topic by STACK_KAFKA_PARTITIONS. */
export function stackTopics(overrides: Record<string, number>): StackTopic[] {
  return TOPIC_DEFINITIONS.map((def) => ({
    name: def.name,
    partitions: overrides[def.name] ?? def.defaultPartitions,
    compacted: def.compacted,
  }));
}
