/**
 * @switchyard/contracts: everything that crosses a process boundary (Kafka, Redis, REST, the
 * app-local API, the shared volume's config), as class-validator DTOs with one validate function
 * per message. See README.md.
 */
import 'reflect-metadata';

export * from './common/contract-error';
export * from './common/contract-error.dto';
export * from './common/identifiers';
export * from './common/endpoint.dto';
export * from './common/transport';
export * from './common/card-data-mask';
export { validateDto, isPlainObject, describeJsonType } from './common/validation';
export { isUtcTimestamp } from './common/decorators';

export * from './topics/topics';

export * from './envelope/message-type';
export * from './envelope/envelope.dto';
export * from './envelope/envelope';

export * from './health/health.enums';
export * from './health/health-report.dto';

export * from './connection-events/connection-event.dto';

export * from './registration/sidecar-registration.dto';
export * from './registration/connection-registration.dto';
export * from './registration/sidecar-heartbeat.dto';
export * from './registration/failover-request.dto';

export * from './commands/command.enums';
export * from './commands/command-params.dto';
export * from './commands/command.dto';
export * from './commands/command-result.dto';
export * from './commands/command-safe-view';

export * from './config/config.enums';
export * from './config/config-document.dto';
export * from './config/default-config';
export * from './config/merge-config';
export * from './config/config-ack.dto';

export * from './dead-letter/dead-letter.enums';
export * from './dead-letter/dead-letter-record.dto';

export * from './app-api/app-health.dto';
export * from './app-api/app-connection.dto';
export * from './app-api/app-send.dto';
export * from './app-api/app-config.dto';
export * from './app-api/problem-details.dto';

export * as examples from './examples/examples';
