/** Vocabularies of commands and their results (seed command types). */

export const CommandType = {
  ESTABLISH_CONNECTION: 'ESTABLISH_CONNECTION',
  CLOSE_CONNECTION: 'CLOSE_CONNECTION',
  SEND_MESSAGE: 'SEND_MESSAGE',
  UPDATE_CONFIG: 'UPDATE_CONFIG',
  TRIGGER_FAILOVER: 'TRIGGER_FAILOVER',
  HEALTH_CHECK: 'HEALTH_CHECK',
} as const;
export type CommandType = (typeof CommandType)[keyof typeof CommandType];
export const COMMAND_TYPES: readonly CommandType[] = Object.values(CommandType);

/** Command types that may omit connectionId (they can address the whole sidecar). */
export const CONNECTIONLESS_COMMAND_TYPES: readonly CommandType[] = [
  CommandType.UPDATE_CONFIG,
  CommandType.HEALTH_CHECK,
];

export function isCommandType(value: unknown): value is CommandType {
  return typeof value === 'string' && (COMMAND_TYPES as readonly string[]).includes(value);
}

export const FailoverStrategy = {
  NETWORK_FAILURE: 'NETWORK_FAILURE',
  APPLICATION_FAILURE: 'APPLICATION_FAILURE',
  SWITCHOVER: 'SWITCHOVER',
  FAILBACK: 'FAILBACK',
} as const;
export type FailoverStrategy = (typeof FailoverStrategy)[keyof typeof FailoverStrategy];
export const FAILOVER_STRATEGIES: readonly FailoverStrategy[] = Object.values(FailoverStrategy);

/** Who issued a command: the decision engine (controller) or a person through the ops API (operator). */
export const IssuerKind = {
  CONTROLLER: 'controller',
  OPERATOR: 'operator',
} as const;
export type IssuerKind = (typeof IssuerKind)[keyof typeof IssuerKind];
export const ISSUER_KINDS: readonly IssuerKind[] = Object.values(IssuerKind);

export const CommandStatus = {
  SUCCESS: 'SUCCESS',
  FAILED: 'FAILED',
  REJECTED: 'REJECTED',
  TIMEOUT: 'TIMEOUT',
} as const;
export type CommandStatus = (typeof CommandStatus)[keyof typeof CommandStatus];
export const COMMAND_STATUSES: readonly CommandStatus[] = Object.values(CommandStatus);

export const CommandErrorCode = {
  /** The command's epoch is older than the one the sidecar holds (fencing). */
  STALE_EPOCH: 'STALE_EPOCH',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  INVALID_PARAMS: 'INVALID_PARAMS',
  /** Already executed (same commandId); the first result stands. */
  DUPLICATE: 'DUPLICATE',
  EXECUTION_FAILED: 'EXECUTION_FAILED',
  UNKNOWN_CONNECTION: 'UNKNOWN_CONNECTION',
  APP_UNAVAILABLE: 'APP_UNAVAILABLE',
} as const;
export type CommandErrorCode = (typeof CommandErrorCode)[keyof typeof CommandErrorCode];
export const COMMAND_ERROR_CODES: readonly CommandErrorCode[] = Object.values(CommandErrorCode);
