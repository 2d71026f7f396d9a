/**
 * Failover decisions: the pure per-connection state machine that decides when a link moves and
 * where to. No Nest, no I/O; time, randomness and ids are injected.
 */
export * from './decision.types';
export * from './decision-reason';
export * from './endpoint-health';
export * from './failover-decision.engine';
export * from './hold-down';
export * from './report-verdict';
export * from './target-selection';
