/**
 * Decorators and shared schemas for the OpenAPI document: request bodies derived from the
 * class-validator DTOs the API validates with, problem+json error responses, JSON responses by
 * schema name. Controllers use only these (plus @ApiTags / @ApiOperation), so the document and
 * the behaviour come from one place.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { PROBLEM_JSON_CONTENT_TYPE } from '@switchyard/contracts';
import { ClassValidatorSchemas, type JsonSchema } from './class-validator-schema';
import { RESPONSE_SCHEMAS } from './response-schemas';

/** Every request-body schema of the document (contracts DTOs and our own request DTOs). */
export const API_SCHEMAS = new ClassValidatorSchemas();

export const PROBLEM_SCHEMA = 'Problem';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid input: `errors[]` names each bad field (problem+json)',
  401: 'No bearer token, or an unknown or revoked one',
  403: 'The token’s role is not enough for this call (or a sidecar token acts for another sidecar)',
  404: 'Not found',
  409: 'Conflict with the current state (see `detail`)',
  412: 'If-Match does not match the current row version: read again and reapply',
  413: 'Request body too large (1 MiB)',
  422: 'Understood but refused (see `detail` and `errors[]`)',
  503: 'A dependency is unavailable',
};

export function problemResponse(status: number, description?: string) {
  return ApiResponse({
    status,
    description: description ?? PROBLEMS[status] ?? 'Error',
    content: { [PROBLEM_JSON_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
  });
}

/** problem+json responses for the given statuses (401/403 are added to every secured operation). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(...statuses.map((s) => problemResponse(s)));
}

/** A JSON request body whose schema is derived from the class-validator DTO `cls`. */
export function ApiDtoBody(cls: ClassConstructor<object>, description?: string) {
  return ApiBody({ required: true, schema: API_SCHEMAS.ref(cls), ...(description ? { description } : {}) });
}

/** A JSON request body given as a schema (e.g. a partial settings object). */
export function ApiSchemaBody(schema: JsonSchema, description?: string) {
  return ApiBody({ required: true, schema, ...(description ? { description } : {}) });
}

export function responseRef(name: keyof typeof RESPONSE_SCHEMAS): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON success response with a named schema from response-schemas.ts. */
export function ApiJson(status: number, name: keyof typeof RESPONSE_SCHEMAS, description: string) {
  return ApiResponse({ status, description, content: { 'application/json': { schema: responseRef(name) } } });
}
