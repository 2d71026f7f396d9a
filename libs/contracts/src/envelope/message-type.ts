/**
 * Envelope message types, their payload classes, who may send them, and which topic carries them.
 * Which types are allowed on which topic is data (TOPIC_MESSAGE_TYPES), checked by decodeEnvelope.
 */
import type { ClassConstructor } from 'class-transformer';
import type { Command } from '../commands/command.dto';
import { CommandDto } from '../commands/command.dto';
import { CommandResultDto } from '../commands/command-result.dto';
import { ConfigAckDto } from '../config/config-ack.dto';
import { ConfigDocumentDto } from '../config/config-document.dto';
import { ConnectionEventDto } from '../connection-events/connection-event.dto';
import { HealthReportDto } from '../health/health-report.dto';
import { SidecarHeartbeatDto } from '../registration/sidecar-heartbeat.dto';
import { SidecarRegistrationDto } from '../registration/sidecar-registration.dto';
import { TOPICS, type Topic } from '../topics/topics';

export const MessageType = {
  HEALTH_REPORT: 'health-report',
  CONNECTION_EVENT: 'connection-event',
  COMMAND: 'command',
  COMMAND_RESULT: 'command-result',
  CONFIG_UPDATE: 'config-update',
  CONFIG_ACK: 'config-ack',
  SIDECAR_REGISTRATION: 'sidecar-registration',
  SIDECAR_HEARTBEAT: 'sidecar-heartbeat',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];
export const MESSAGE_TYPES: readonly MessageType[] = Object.values(MessageType);

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && (MESSAGE_TYPES as readonly string[]).includes(value);
}

/** The payload type of each message type. */
export interface MessagePayloads {
  'health-report': HealthReportDto;
  'connection-event': ConnectionEventDto;
  command: Command;
  'command-result': CommandResultDto;
  'config-update': ConfigDocumentDto;
  'config-ack': ConfigAckDto;
  'sidecar-registration': SidecarRegistrationDto;
  'sidecar-heartbeat': SidecarHeartbeatDto;
}

/** The payload class of each message type (the envelope's discriminator table). */
export const PAYLOAD_CLASSES: { [K in MessageType]: ClassConstructor<object> } = {
  'health-report': HealthReportDto,
  'connection-event': ConnectionEventDto,
  command: CommandDto,
  'command-result': CommandResultDto,
  'config-update': ConfigDocumentDto,
  'config-ack': ConfigAckDto,
  'sidecar-registration': SidecarRegistrationDto,
  'sidecar-heartbeat': SidecarHeartbeatDto,
};

export const SenderKind = {
  CONTROLLER: 'controller',
  SIDECAR: 'sidecar',
} as const;
export type SenderKind = (typeof SenderKind)[keyof typeof SenderKind];
export const SENDER_KINDS: readonly SenderKind[] = Object.values(SenderKind);

/** Who may send each message type. */
export const MESSAGE_SENDER_KINDS: { readonly [K in MessageType]: SenderKind } = {
  'health-report': 'sidecar',
  'connection-event': 'sidecar',
  command: 'controller',
  'command-result': 'sidecar',
  'config-update': 'controller',
  'config-ack': 'sidecar',
  'sidecar-registration': 'sidecar',
  'sidecar-heartbeat': 'sidecar',
};

/** The message types each topic carries. */
export const TOPIC_MESSAGE_TYPES: { readonly [T in Topic]: readonly MessageType[] } = {
  [TOPICS.HEALTH_REPORTS]: ['health-report'],
  [TOPICS.CONNECTION_EVENTS]: ['connection-event', 'sidecar-registration', 'sidecar-heartbeat'],
  [TOPICS.FAILOVER_COMMANDS]: ['command'],
  [TOPICS.CONFIG_UPDATES]: ['config-update'],
  [TOPICS.COMMAND_RESULTS]: ['command-result', 'config-ack'],
};

/** The topic a message type is published on (each type travels on exactly one topic). */
export function topicOf(type: MessageType): Topic {
  for (const [topic, types] of Object.entries(TOPIC_MESSAGE_TYPES) as Array<[Topic, readonly MessageType[]]>) {
    if (types.includes(type)) return topic;
  }
  throw new Error(`no topic carries message type ${type}`);
}
