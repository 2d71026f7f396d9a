/**
 * The client simulator's environment: every variable it reads, its default, and the check that
 * stops start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 */
import { distinctPorts, IsBindAddressEnv, IsPortEnv, validateEnv, type RawEnv } from '@switchyard/platform';
import { Expose } from 'class-transformer';

export class ClientSimEnv {
  /** REST API: the local API the sidecar drives (DESIGN.md), health today. */
  @Expose()
  @IsPortEnv()
  PORT: number = 8081;

  /** ISO 8583 link. Validated now, opened when the ISO link arrives with its issue. */
  @Expose()
  @IsPortEnv()
  ISO_PORT: number = 8583;

  /** Address to bind; 0.0.0.0 suits a container, 127.0.0.1 a developer machine. */
  @Expose()
  @IsBindAddressEnv()
  HOST: string = '0.0.0.0';
}

export function validateClientSimEnv(raw: RawEnv): ClientSimEnv {
  return validateEnv(ClientSimEnv, raw, (env) => distinctPorts(env, ['PORT', 'ISO_PORT']));
}
