/**
 * @switchyard/platform: runtime pieces shared by the apps: environment validation now; later
 * logging, problem+json, shutdown. Plain TypeScript with no Nest dependency, so each piece is
 * tested on its own and every app behaves the same way at its edges.
 */
import 'reflect-metadata';

export { validateEnv, EnvValidationError, distinctPorts, type RawEnv } from './env.validation';
export {
  IsPortEnv,
  IsBindAddressEnv,
  IsHttpUrlEnv,
  IsHostPortListEnv,
  IsRedisEndpointEnv,
  IsPostgresUrlEnv,
  SecretEnv,
} from './env.decorators';
