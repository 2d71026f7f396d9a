/**
 * The controller's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 *
 * PostgreSQL is required (it is the registry). Kafka and Redis are optional: without them the
 * controller runs in direct mode (reports, events and results over REST, commands and config over
 * its HTTP command stream), as DESIGN.md describes.
 */
import { hostname } from 'node:os';
import {
  IsBindAddressEnv,
  IsHostPortListEnv,
  IsPortEnv,
  IsPostgresUrlEnv,
  IsRedisEndpointEnv,
  SecretEnv,
  validateEnv,
  type RawEnv,
} from '@switchyard/platform';
import { Expose, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

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

  /** The registry. `pnpm stack up` prints a local one. */
  @Expose()
  @SecretEnv()
  @IsPostgresUrlEnv()
  DATABASE_URL!: string;

  /** Kafka bootstrap servers; unset = direct mode (no Kafka). */
  @Expose()
  @IsOptional()
  @IsHostPortListEnv()
  KAFKA_BROKERS?: string;

  /** Redis (the seed's REDIS_ENDPOINT is accepted too); unset = no Redis path. */
  @Expose()
  @IsOptional()
  @SecretEnv()
  @IsRedisEndpointEnv()
  REDIS_URL?: string;

  @Expose()
  @IsOptional()
  @SecretEnv()
  @IsRedisEndpointEnv()
  REDIS_ENDPOINT?: string;

  /** Bootstrap admin bearer token; creates the others (`POST /api/v1/tokens`). Never stored. */
  @Expose()
  @SecretEnv()
  @MinLength(16, { message: 'must be at least 16 characters (use a random secret)' })
  @Matches(/^\S+$/, { message: 'must not contain whitespace' })
  SWITCHYARD_ADMIN_TOKEN!: string;

  /** This replica's name in decisions, leader records and commands (default: host name + pid). */
  @Expose()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'must be 1-128 characters of letters, digits, ".", "_", ":", "-"' })
  CONTROLLER_REPLICA_ID: string = `${hostname()}-${process.pid}`;

  /** A sidecar silent for longer than this is declared LOST. */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(1000, { message: 'must be at least 1000 ms' })
  @Max(3_600_000, { message: 'must be at most 3600000 ms' })
  SIDECAR_TTL_MS: number = 30_000;

  /** How often sidecars are asked to heartbeat (told at registration). */
  @Expose()
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(100, { message: 'must be at least 100 ms' })
  @Max(600_000, { message: 'must be at most 600000 ms' })
  SIDECAR_HEARTBEAT_INTERVAL_MS: number = 10_000;

  /** Consumer group shared by all replicas for `health-reports` (decisions shard by partition). */
  @Expose()
  @Matches(/^[A-Za-z0-9._-]{1,128}$/, { message: 'must be a Kafka consumer group id' })
  KAFKA_CONSUMER_GROUP: string = 'switchyard-controller';

  /** Run migrations at start-up (the helm chart runs them in a pre-install hook and sets false). */
  @Expose()
  @IsIn(['true', 'false'], { message: 'must be "true" or "false"' })
  MIGRATE_ON_START: string = 'true';
}

export function validateControllerEnv(raw: RawEnv): ControllerEnv {
  return validateEnv(ControllerEnv, raw, (env) =>
    env.SIDECAR_HEARTBEAT_INTERVAL_MS * 2 > env.SIDECAR_TTL_MS
      ? [
          `SIDECAR_TTL_MS must be at least twice SIDECAR_HEARTBEAT_INTERVAL_MS (${env.SIDECAR_TTL_MS} < 2 × ${env.SIDECAR_HEARTBEAT_INTERVAL_MS})`,
        ]
      : [],
  );
}

/** The Redis URL from REDIS_URL or the seed's REDIS_ENDPOINT (host:port becomes redis://host:port). */
export function redisUrlOf(env: ControllerEnv): string | undefined {
  const raw = env.REDIS_URL ?? env.REDIS_ENDPOINT;
  if (!raw) return undefined;
  return /^rediss?:\/\//.test(raw) ? raw : `redis://${raw}`;
}

export function kafkaBrokersOf(env: ControllerEnv): string[] | undefined {
  return env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
