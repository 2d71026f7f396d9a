/**
 * The host simulator's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 */
import { distinctPorts, IsBindAddressEnv, IsPortEnv, validateEnv, type RawEnv } from '@switchyard/platform';
import { Expose } from 'class-transformer';

export class HostSimEnv {
  /** Control API (fault injection, later) and health. DESIGN.md fixes no number; 8090 keeps clear of the seed ports 8080-8083. */
  @Expose()
  @IsPortEnv()
  PORT: number = 8090;

  /** ISO 8583 listener the clients connect to. Validated now, opened when the host arrives with its issue. */
  @Expose()
  @IsPortEnv()
  ISO_PORT: number = 8583;

  /** Address to bind; 0.0.0.0 suits a container, 127.0.0.1 a developer machine. */
  @Expose()
  @IsBindAddressEnv()
  HOST: string = '0.0.0.0';
}

export function validateHostSimEnv(raw: RawEnv): HostSimEnv {
  return validateEnv(HostSimEnv, raw, (env) => distinctPorts(env, ['PORT', 'ISO_PORT']));
}
