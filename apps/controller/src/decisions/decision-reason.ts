/**
 * Operator words for decisions: durations, times, endpoints, hard signals. Owns wording only;
 * what is decided lives in the engine.
 */
import type { HardSignalKind } from '@switchyard/contracts';
import type { DecisionEndpoint } from './decision.types';

/** "850 ms", "15 s", "1.5 s", "2 min 30 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `${value} ms`;
  if (value < 60_000) {
    const seconds = Math.round(value / 100) / 10;
    return `${Number.isInteger(seconds) ? seconds.toFixed(0) : seconds.toFixed(1)} s`;
  }
  if (value < 3_600_000) {
    const minutes = Math.floor(value / 60_000);
    const seconds = Math.round((value % 60_000) / 1000);
    if (seconds === 60) return `${minutes + 1} min`;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(value / 3_600_000);
  const minutes = Math.round((value % 3_600_000) / 60_000);
  if (minutes === 60) return `${hours + 1} h`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** "12:05:30Z" — time of day in UTC; decisions are read within hours of being made. */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)}Z`;
}

/** "dr-1 (10.1.0.5:8583)", or the bare id for an endpoint the registry does not list. */
export function describeEndpoint(endpoints: readonly DecisionEndpoint[], id: string | null): string {
  if (id === null) return 'no endpoint';
  const endpoint = endpoints.find((e) => e.id === id);
  return endpoint ? `${endpoint.id} (${endpoint.host}:${endpoint.port})` : `${id} (not in the registry)`;
}

const HARD_SIGNAL_WORDS: Record<HardSignalKind, string> = {
  SOCKET_RESET: 'the link socket was reset',
  CONNECTION_REFUSED: 'the host refused the connection',
  ECHO_TIMEOUT: 'the 0800 echo went unanswered',
  APP_LINK_DOWN: 'the application reports its link down',
  APP_UNREACHABLE: 'the application is unreachable from its sidecar',
};

export function describeHardSignal(kind: HardSignalKind, detail: string): string {
  return `${kind} (${HARD_SIGNAL_WORDS[kind]}: ${detail})`;
}

/** "1st", "2nd", "3rd", "11th". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const SHADOW_SUFFIX = ' [shadow mode: recorded only, no command sent]';
