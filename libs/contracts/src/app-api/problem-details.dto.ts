/** RFC 9457 problem+json: the error body of every Switchyard HTTP API (and of the app-local API). */
import { ArrayMaxSize, IsString, Length } from 'class-validator';
import type { ContractError, ValidationOutcome } from '../common/contract-error';
import { ContractErrorDto } from '../common/contract-error.dto';
import { IsIntIn, IsNonBlankString, NestedArray, Optional } from '../common/decorators';
import { isPlainObject, validateDto } from '../common/validation';

export const PROBLEM_JSON_CONTENT_TYPE = 'application/problem+json';

export class ProblemDetailsDto {
  /** URI reference identifying the problem type; "about:blank" when only the status matters. */
  @IsString()
  @Length(1, 2048)
  type!: string;

  @IsNonBlankString(256)
  title!: string;

  @IsIntIn(400, 599)
  status!: number;

  @Optional()
  @IsNonBlankString(4096)
  detail?: string;

  @Optional()
  @IsString()
  @Length(1, 2048)
  instance?: string;

  /** Extension: the bad fields, in the contracts path style. */
  @Optional()
  @ArrayMaxSize(200)
  @NestedArray(() => ContractErrorDto)
  errors?: ContractErrorDto[];
}

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'errors'];

/**
 * Validate a problem+json body. RFC 9457 allows extension members, so unknown top-level members are
 * dropped (not rejected), unlike every other validator here; the known members must be valid.
 */
export function validateProblemDetails(input: unknown): ValidationOutcome<ProblemDetailsDto> {
  if (!isPlainObject(input)) return validateDto(ProblemDetailsDto, input);
  const known: Record<string, unknown> = {};
  for (const member of PROBLEM_MEMBERS) if (member in input) known[member] = input[member];
  return validateDto(ProblemDetailsDto, known);
}

/** A 400 problem from validation errors (the shape every API returns for bad input). */
export function validationProblem(errors: readonly ContractError[], instance?: string): ProblemDetailsDto {
  const problem: ProblemDetailsDto = {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: errors.length === 1 ? describeError(errors[0] as ContractError) : `${errors.length} fields are invalid`,
    errors: errors.map((e) => ({ path: e.path, message: e.message })),
  };
  if (instance !== undefined) problem.instance = instance;
  return problem;
}

function describeError(error: ContractError): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}
