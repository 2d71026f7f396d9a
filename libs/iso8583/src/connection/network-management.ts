/**
 * Network management messages (0800/0810): echo (70 = 301), sign-on (001), sign-off (002), and the
 * MTI arithmetic the link uses to tell requests from responses.
 */
import type { IsoFields, IsoMessage } from '../message/message.types';
import type { Clock } from './clock';

export const NETWORK_MANAGEMENT = { signOn: '001', signOff: '002', echo: '301' } as const;

/** Message function (third MTI digit) 1, 3, 5 = response to a request, advice, notification. */
export function isResponseMti(mti: string): boolean {
  const fn = mti.charCodeAt(2) - 0x30;
  return fn === 1 || fn === 3 || fn === 5;
}

/** The MTI of the response to a request: 0800 -> 0810, 0200 -> 0210, 0120 -> 0130, 1804 -> 1814. */
export function responseMti(mti: string): string {
  const fn = mti.charCodeAt(2) - 0x30;
  return mti.slice(0, 2) + String(fn | 1) + mti.slice(3);
}

/** Network management class (x8xx). */
export function isNetworkManagementMti(mti: string): boolean {
  return mti.length === 4 && mti[1] === '8';
}

/** MMDDhhmmss in UTC, for field 7. */
export function transmissionDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}

export interface NetworkManagementRequestOptions {
  /** Field 11. */
  stan: string;
  /** Field 70 network management information code. Default 301 (echo). */
  code?: string;
  /** Default 0800. */
  mti?: string;
  /** For field 7. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
  /** Extra fields (e.g. 32/33 institution ids, 41 terminal id) merged in. */
  fields?: IsoFields;
}

export function buildNetworkManagementRequest(options: NetworkManagementRequestOptions): IsoMessage {
  const now = options.clock?.now() ?? Date.now();
  return {
    mti: options.mti ?? '0800',
    fields: {
      ...(options.fields ?? {}),
      7: transmissionDateTime(now),
      11: options.stan,
      70: options.code ?? NETWORK_MANAGEMENT.echo,
    },
  };
}

export function buildEchoRequest(options: Omit<NetworkManagementRequestOptions, 'code'>): IsoMessage {
  return buildNetworkManagementRequest({ ...options, code: NETWORK_MANAGEMENT.echo });
}

export function buildSignOnRequest(options: Omit<NetworkManagementRequestOptions, 'code'>): IsoMessage {
  return buildNetworkManagementRequest({ ...options, code: NETWORK_MANAGEMENT.signOn });
}

export function buildSignOffRequest(options: Omit<NetworkManagementRequestOptions, 'code'>): IsoMessage {
  return buildNetworkManagementRequest({ ...options, code: NETWORK_MANAGEMENT.signOff });
}

/** Fields a network management response echoes from its request. */
const ECHOED_FIELDS = [7, 11, 32, 33, 41, 42, 70] as const;

/** The 0810 for an 0800: copies STAN (11), 7, 70 and the institution/terminal ids, sets 39. */
export function buildNetworkManagementResponse(request: IsoMessage, responseCode = '00'): IsoMessage {
  const fields: IsoFields = {};
  for (const f of ECHOED_FIELDS) {
    const v = request.fields[f];
    if (v !== undefined) fields[f] = v;
  }
  fields[39] = responseCode;
  return { mti: responseMti(request.mti), fields };
}

/** Is this an 0800-class request with field 70 = code? */
export function isNetworkManagementRequest(message: IsoMessage, code?: string): boolean {
  if (!isNetworkManagementMti(message.mti) || isResponseMti(message.mti)) return false;
  return code === undefined || message.fields[70] === code;
}
