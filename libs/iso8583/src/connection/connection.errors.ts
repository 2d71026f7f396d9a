/**
 * Errors of links, clients and servers. Like codec errors they carry only MTIs, match keys (STAN,
 * terminal id) and numbers - never message content.
 */

export type ConnectionErrorCode =
  /** No link is up (client between reconnects, or never connected). */
  | 'NOT_CONNECTED'
  /** The link closed while the request was in flight, or before it was sent. */
  | 'LINK_CLOSED'
  /** The link is draining: no new requests. */
  | 'LINK_DRAINING'
  /** A request with the same match key is already in flight; the new one was not sent. */
  | 'DUPLICATE_REQUEST'
  /** No response within the request timeout. */
  | 'REQUEST_TIMEOUT'
  /** The request has no match key (e.g. no STAN), so a response could never be matched. */
  | 'NO_MATCH_KEY'
  /** Too many requests in flight on this link. */
  | 'TOO_MANY_IN_FLIGHT'
  /** A network management response carried a response code other than 00. */
  | 'RESPONSE_CODE'
  /** Connecting failed and reconnect is disabled or exhausted. */
  | 'CONNECT_FAILED';

export class Iso8583ConnectionError extends Error {
  override readonly name = 'Iso8583ConnectionError';

  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    readonly details: { key?: string; mti?: string; timeoutMs?: number; responseCode?: string } = {},
  ) {
    super(message);
  }
}
