/** A host:port a connection can use: the primary (priority 0) or a disaster-recovery endpoint. */
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { IsEndpointId, IsIntIn, Optional } from './decorators';

export const EndpointRole = {
  PRIMARY: 'PRIMARY',
  DR: 'DR',
} as const;
export type EndpointRole = (typeof EndpointRole)[keyof typeof EndpointRole];
export const ENDPOINT_ROLES: readonly EndpointRole[] = Object.values(EndpointRole);

export class EndpointDto {
  @IsEndpointId()
  id!: string;

  /** Host name or IP address. */
  @IsString()
  @Length(1, 253)
  host!: string;

  @IsIntIn(1, 65535)
  port!: number;

  /** 0 = primary; failover picks the lowest priority among healthy endpoints. */
  @IsIntIn(0, 1000)
  priority!: number;

  @IsIn(ENDPOINT_ROLES)
  role!: EndpointRole;

  @Optional()
  @IsBoolean()
  tls?: boolean;
}
