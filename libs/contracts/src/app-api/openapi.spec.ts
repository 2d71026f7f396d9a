/**
 * The OpenAPI description of the app-local API and the DTO classes must not drift: every documented
 * path exists, each schema's properties and required list match its DTO, enums match the constants,
 * and every example in the YAML passes the DTO validators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { parse } from 'yaml';
import { expectValid } from '../../test/outcome';
import { ContractErrorDto } from '../common/contract-error.dto';
import { ENDPOINT_ROLES, EndpointDto } from '../common/endpoint.dto';
import { validateDto } from '../common/validation';
import { FAILOVER_MODES, FRAMINGS } from '../config/config.enums';
import {
  ConfigDocumentDto,
  ConnectionSettingsDto,
  FailoverSettingsDto,
  HealthSettingsDto,
  LayerWeightsDto,
} from '../config/config-document.dto';
import { AppConfigAppliedDto } from './app-config.dto';
import {
  APP_LINK_STATES,
  AppConnectionCreateRequestDto,
  AppConnectionDto,
  AppConnectionStatsDto,
} from './app-connection.dto';
import { APP_HEALTH_STATUSES, AppHealthDto } from './app-health.dto';
import { AppSendRequestDto, AppSendResponseDto } from './app-send.dto';
import { ProblemDetailsDto, validateProblemDetails } from './problem-details.dto';

type Json = Record<string, unknown>;

const doc = parse(readFileSync(join(__dirname, '../../openapi/app-local-api.yaml'), 'utf8')) as Json;
const paths = doc['paths'] as Record<string, Record<string, Json>>;
const components = doc['components'] as { schemas: Record<string, Json>; responses: Record<string, Json> };

const SCHEMA_DTOS: Record<string, ClassConstructor<object>> = {
  Health: AppHealthDto,
  Endpoint: EndpointDto,
  ConnectionCreateRequest: AppConnectionCreateRequestDto,
  ConnectionStats: AppConnectionStatsDto,
  Connection: AppConnectionDto,
  SendRequest: AppSendRequestDto,
  SendResponse: AppSendResponseDto,
  ConnectionSettings: ConnectionSettingsDto,
  LayerWeights: LayerWeightsDto,
  HealthSettings: HealthSettingsDto,
  FailoverSettings: FailoverSettingsDto,
  ConfigDocument: ConfigDocumentDto,
  ConfigApplied: AppConfigAppliedDto,
  ContractError: ContractErrorDto,
  Problem: ProblemDetailsDto,
};

function validatorFor(schemaName: string): (input: unknown) => { ok: boolean } {
  if (schemaName === 'Problem') return validateProblemDetails;
  const cls = SCHEMA_DTOS[schemaName];
  if (cls === undefined) throw new Error(`no DTO mapped for schema ${schemaName}`);
  return (input) => validateDto(cls, input);
}

function dtoShape(cls: ClassConstructor<object>): { properties: string[]; required: string[] } {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, cls.name, true, false);
  const properties = [...new Set(metadata.map((m) => m.propertyName))].sort();
  const conditional = new Set(
    metadata.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName),
  );
  return { properties, required: properties.filter((p) => !conditional.has(p)).sort() };
}

function refName(schema: Json | undefined): string | undefined {
  const ref = schema?.['$ref'];
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

interface Example {
  where: string;
  schema: string;
  example: unknown;
}

function examplesOf(): Example[] {
  const out: Example[] = [];
  const collect = (where: string, content: Record<string, Json> | undefined) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      const schema = refName(media['schema'] as Json);
      if (schema !== undefined && 'example' in media)
        out.push({ where: `${where} ${mediaType}`, schema, example: media['example'] });
    }
  };
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const body = op['requestBody'] as { content?: Record<string, Json> } | undefined;
      collect(`${method.toUpperCase()} ${path} request`, body?.content);
      for (const [status, response] of Object.entries((op['responses'] ?? {}) as Record<string, Json>)) {
        const ref = response['$ref'];
        const resolved = typeof ref === 'string' ? components.responses[ref.split('/').pop() as string] : response;
        collect(`${method.toUpperCase()} ${path} ${status}`, resolved?.['content'] as Record<string, Json> | undefined);
      }
    }
  }
  return out;
}

describe('openapi/app-local-api.yaml', () => {
  it('is OpenAPI 3.1', () => {
    expect(doc['openapi']).toBe('3.1.0');
  });

  it.each([
    ['/health', 'get'],
    ['/actuator/health', 'get'],
    ['/connections', 'post'],
    ['/connections/{id}', 'get'],
    ['/connections/{id}', 'delete'],
    ['/connections/{id}/send', 'post'],
    ['/config', 'put'],
  ])('documents %s %s', (path, method) => {
    expect(paths[path]?.[method]).toBeDefined();
  });

  it('documents no other paths', () => {
    expect(Object.keys(paths).sort()).toEqual(
      ['/actuator/health', '/config', '/connections', '/connections/{id}', '/connections/{id}/send', '/health'].sort(),
    );
  });

  it.each(Object.keys(SCHEMA_DTOS))('schema %s has the DTO’s properties and required list', (name) => {
    const schema = components.schemas[name] as Json;
    const dto = dtoShape(SCHEMA_DTOS[name] as ClassConstructor<object>);
    expect(Object.keys(schema['properties'] as Json).sort()).toEqual(dto.properties);
    expect([...(schema['required'] as string[])].sort()).toEqual(dto.required);
    // Closed objects, like the validators (forbidNonWhitelisted); problem+json allows extensions.
    expect(schema['additionalProperties']).toBe(name === 'Problem');
  });

  it('enums match the package constants', () => {
    const prop = (schema: string, property: string) =>
      (components.schemas[schema]?.['properties'] as Record<string, Json>)[property]?.['enum'];
    expect(prop('Health', 'status')).toEqual(APP_HEALTH_STATUSES);
    expect(prop('Connection', 'state')).toEqual(APP_LINK_STATES);
    expect(prop('Endpoint', 'role')).toEqual(ENDPOINT_ROLES);
    expect(prop('FailoverSettings', 'mode')).toEqual(FAILOVER_MODES);
    expect(components.schemas['Framing']?.['enum']).toEqual(FRAMINGS);
  });

  const examples = examplesOf();

  it('has examples for every request body and most responses', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples.map((e) => [e.where, e] as const))('example of %s passes the DTO validator', (_where, e) => {
    expectValid(validatorFor(e.schema)(e.example) as Parameters<typeof expectValid>[0]);
  });
});
