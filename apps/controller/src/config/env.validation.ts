/**
 * The controller's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 */
import { IsBindAddressEnv, IsPortEnv, validateEnv, type RawEnv } from '@switchyard/platform';
import { Expose } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

export class ControllerEnv {
  /** REST API (under /api/v1) and health endpoints. */
  @Expose()
  @IsPortEnv()
  PORT: number = 8080;

  /** Address to bind; 0.0.0.0 suits a container, 127.0.0.1 a developer machine. */
  @Expose()
  @IsBindAddressEnv()
  HOST: string = '0.0.0.0';

  /** One image may serve both halves (DESIGN.md); this process is the central half. */
  @Expose()
  @IsOptional()
  @IsIn(['central'], { message: 'must be "central" for the controller (or unset)' })
  CONTROLLER_MODE?: string;
}

export function validateControllerEnv(raw: RawEnv): ControllerEnv {
  return validateEnv(ControllerEnv, raw);
}
