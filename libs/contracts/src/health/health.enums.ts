/** Status vocabularies of the health model (seed: ConnectionStatus, four health layers). */

export const ConnectionStatus = {
  CONNECTING: 'CONNECTING',
  ACTIVE: 'ACTIVE',
  DEGRADED: 'DEGRADED',
  FAILED: 'FAILED',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];
export const CONNECTION_STATUSES: readonly ConnectionStatus[] = Object.values(ConnectionStatus);

export const LayerStatus = {
  UP: 'UP',
  DEGRADED: 'DEGRADED',
  DOWN: 'DOWN',
  UNKNOWN: 'UNKNOWN',
} as const;
export type LayerStatus = (typeof LayerStatus)[keyof typeof LayerStatus];
export const LAYER_STATUSES: readonly LayerStatus[] = Object.values(LayerStatus);

/** The four health layers, in the seed's order. */
export const HealthLayer = {
  APPLICATION: 'application',
  NETWORK: 'network',
  PROTOCOL: 'protocol',
  RESOURCES: 'resources',
} as const;
export type HealthLayer = (typeof HealthLayer)[keyof typeof HealthLayer];
export const HEALTH_LAYERS: readonly HealthLayer[] = Object.values(HealthLayer);

/** Signals reported at once, not at the next interval. */
export const HardSignalKind = {
  SOCKET_RESET: 'SOCKET_RESET',
  CONNECTION_REFUSED: 'CONNECTION_REFUSED',
  ECHO_TIMEOUT: 'ECHO_TIMEOUT',
  APP_LINK_DOWN: 'APP_LINK_DOWN',
  APP_UNREACHABLE: 'APP_UNREACHABLE',
} as const;
export type HardSignalKind = (typeof HardSignalKind)[keyof typeof HardSignalKind];
export const HARD_SIGNAL_KINDS: readonly HardSignalKind[] = Object.values(HardSignalKind);

/** TCP socket state of the ISO link as the network layer sees it. */
export const SocketState = {
  OPEN: 'OPEN',
  CONNECTING: 'CONNECTING',
  CLOSED: 'CLOSED',
  UNKNOWN: 'UNKNOWN',
} as const;
export type SocketState = (typeof SocketState)[keyof typeof SocketState];
export const SOCKET_STATES: readonly SocketState[] = Object.values(SocketState);
