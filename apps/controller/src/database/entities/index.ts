import { ApiTokenEntity } from './api-token.entity';
import { CommandEntity } from './command.entity';
import { ConfigRolloutEntity, ConfigVersionEntity } from './config-version.entity';
import { ConnectionEntity } from './connection.entity';
import { FailoverEventEntity } from './failover-event.entity';
import { HealthSnapshotEntity } from './health-snapshot.entity';
import { SidecarEntity } from './sidecar.entity';

export * from './api-token.entity';
export * from './command.entity';
export * from './config-version.entity';
export * from './connection.entity';
export * from './failover-event.entity';
export * from './health-snapshot.entity';
export * from './sidecar.entity';

export const ENTITIES = [
  ApiTokenEntity,
  SidecarEntity,
  ConnectionEntity,
  HealthSnapshotEntity,
  FailoverEventEntity,
  CommandEntity,
  ConfigVersionEntity,
  ConfigRolloutEntity,
];
