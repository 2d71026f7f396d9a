/**
 * The logging port of the transport: structured, one object per line. Callers pass their own
 * (NestJS / pino adapters); the default writes JSON to stderr. Anything logged here has already
 * been reduced to ids, topics, offsets and reasons: never a message value.
 */
export interface TransportLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, msg: string, fields?: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}

export const jsonStderrLogger: TransportLogger = {
  info: (msg, fields) => line('info', msg, fields),
  warn: (msg, fields) => line('warn', msg, fields),
  error: (msg, fields) => line('error', msg, fields),
};

export const silentLogger: TransportLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
