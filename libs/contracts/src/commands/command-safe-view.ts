/**
 * Log-safe views of commands and results: SEND_MESSAGE fields (and a result's output fields) are
 * masked with the local card-data rule (common/card-data-mask.ts). Use these in every log line,
 * event and error that shows a command.
 */
import { maskIsoFields } from '../common/card-data-mask';
import { isPlainObject } from '../common/validation';
import { CommandType } from './command.enums';
import type { Command } from './command.dto';
import type { CommandResultDto } from './command-result.dto';

function maskFieldsIn(value: Record<string, unknown>): Record<string, unknown> {
  const fields = value['fields'];
  if (!isPlainObject(fields)) return value;
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) strings[k] = typeof v === 'string' ? v : String(v);
  return { ...value, fields: maskIsoFields(strings) };
}

/** A deep-enough copy of the command, safe to log or store in an audit record. */
export function safeCommandView(command: Command): Command {
  const copy = structuredClone(command) as Command;
  if (copy.type === CommandType.SEND_MESSAGE && isPlainObject(copy.params)) {
    return { ...copy, params: maskFieldsIn(copy.params as unknown as Record<string, unknown>) } as unknown as Command;
  }
  return copy;
}

/** A copy of the result with output fields masked (SEND_MESSAGE responses). */
export function safeCommandResultView(result: CommandResultDto): CommandResultDto {
  const copy = structuredClone(result) as CommandResultDto;
  if (copy.output !== undefined && isPlainObject(copy.output)) copy.output = maskFieldsIn(copy.output);
  return copy;
}

/** One line for logs: what, for whom, why; SEND_MESSAGE field values masked. */
export function describeCommand(command: Command): string {
  const target =
    command.connectionId === undefined ? command.sidecarId : `${command.sidecarId}/${command.connectionId}`;
  const head = `${command.type} ${command.commandId} → ${target} epoch=${command.epoch} by ${command.issuer.kind}:${command.issuer.id}`;
  return `${head} (${detail(command)}) reason="${command.reason}" deadline=${command.deadline}`;
}

function detail(command: Command): string {
  switch (command.type) {
    case CommandType.ESTABLISH_CONNECTION: {
      const e = command.params.endpoint;
      return `endpoint ${e.id} ${e.host}:${e.port}${command.params.signOn ? ' with sign-on' : ''}`;
    }
    case CommandType.CLOSE_CONNECTION:
      return command.params.graceful ? `graceful, drain ${command.params.drainTimeoutMs} ms` : 'immediate';
    case CommandType.SEND_MESSAGE: {
      const masked = maskIsoFields(command.params.fields);
      const fields = Object.entries(masked)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return `mti ${command.params.mti} ${fields} timeout ${command.params.timeoutMs} ms`;
    }
    case CommandType.UPDATE_CONFIG:
      return `config v${command.params.version} scope ${command.params.config.scope}`;
    case CommandType.TRIGGER_FAILOVER:
      return `${command.params.strategy} to ${command.params.targetEndpointId}${command.params.graceful ? ', graceful' : ''} failoverEvent ${command.params.failoverEventId}`;
    case CommandType.HEALTH_CHECK:
      return `layers ${command.params.layers?.join(',') ?? 'all'}`;
    default:
      return 'unknown';
  }
}
