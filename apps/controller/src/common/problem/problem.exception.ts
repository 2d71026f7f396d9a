/**
 * Errors as values users can act on (STYLE.md habit 11): every API error is an RFC 9457
 * problem+json body. Throw `ProblemException` (or one of the factories) from anywhere in a
 * request; the global filter writes it.
 */
import { HttpException } from '@nestjs/common';
import { validationProblem, type ContractError, type ProblemDetailsDto } from '@switchyard/contracts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Problem type URIs: stable identifiers clients can switch on. */
export const PROBLEM_TYPES = {
  validation: 'https://switchyard.dev/problems/validation',
  unauthorized: 'https://switchyard.dev/problems/unauthorized',
  forbidden: 'https://switchyard.dev/problems/forbidden',
  notFound: 'https://switchyard.dev/problems/not-found',
  conflict: 'https://switchyard.dev/problems/conflict',
  staleEpoch: 'https://switchyard.dev/problems/stale-epoch',
  unsafeTarget: 'https://switchyard.dev/problems/unsafe-target',
  unavailable: 'https://switchyard.dev/problems/unavailable',
} as const;

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetailsDto & Record<string, unknown>) {
    super(problem, problem.status);
  }

  static of(
    status: number,
    detail: string,
    type: string = 'about:blank',
    extra: Record<string, unknown> = {},
  ): ProblemException {
    return new ProblemException({ type, title: titleFor(status), status, detail, ...extra });
  }

  static validation(errors: readonly ContractError[]): ProblemException {
    return new ProblemException({ ...validationProblem(errors), type: PROBLEM_TYPES.validation });
  }

  static notFound(what: string): ProblemException {
    return ProblemException.of(404, `${what} not found`, PROBLEM_TYPES.notFound);
  }

  static conflict(detail: string, extra: Record<string, unknown> = {}): ProblemException {
    return ProblemException.of(409, detail, PROBLEM_TYPES.conflict, extra);
  }

  static unauthorized(detail: string): ProblemException {
    return ProblemException.of(401, detail, PROBLEM_TYPES.unauthorized);
  }

  static forbidden(detail: string): ProblemException {
    return ProblemException.of(403, detail, PROBLEM_TYPES.forbidden);
  }
}
