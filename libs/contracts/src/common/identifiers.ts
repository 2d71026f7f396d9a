/**
 * Identifier rules shared by every message. Connection and endpoint ids appear inside Redis keys
 * (`connection:{id}:state`) and config scopes (`connection:<id>`), so they may not contain ':' or '/'.
 * A sidecar id is `<namespace>/<podName>` (the pod's Kubernetes identity).
 */
export const CONNECTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const ENDPOINT_ID_PATTERN = CONNECTION_ID_PATTERN;
export const SIDECAR_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\/[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export function isConnectionId(value: unknown): value is string {
  return typeof value === 'string' && CONNECTION_ID_PATTERN.test(value);
}

export function isSidecarId(value: unknown): value is string {
  return typeof value === 'string' && SIDECAR_ID_PATTERN.test(value);
}

/** The sidecar id convention: `<namespace>/<podName>`. */
export function sidecarIdOf(namespace: string, podName: string): string {
  return `${namespace}/${podName}`;
}
