/**
 * Writes every error as RFC 9457 problem+json. Never echoes request input (it may carry card
 * data): body-parser messages, which quote the input on newer Node versions, are replaced with
 * our own. Anything unexpected becomes a 500 whose details go to the log, not the client.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_JSON_CONTENT_TYPE, maskPanLikeDigits, type ProblemDetailsDto } from '@switchyard/contracts';
import type { Request, Response } from 'express';
import { ProblemException, titleFor } from './problem.exception';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

const BODY_PARSER_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'entity.too.large': 'request body is too large',
  'encoding.unsupported': 'request body has an unsupported content encoding',
  'charset.unsupported': 'request body has an unsupported charset',
  'request.aborted': 'request was aborted by the client',
  'request.size.invalid': 'request body size does not match its Content-Length',
};

export function toProblem(error: unknown, instance: string): ProblemDetailsDto & Record<string, unknown> {
  if (error instanceof ProblemException) return { ...error.problem, instance };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : typeof (body as { message?: unknown }).message === 'string'
          ? (body as { message: string }).message
          : Array.isArray((body as { message?: unknown }).message)
            ? (body as { message: string[] }).message.join('; ')
            : error.message;
    return { type: 'about:blank', title: titleFor(status), status, detail: maskPanLikeDigits(message), instance };
  }
  const parser = error as BodyParserError | null;
  const parserStatus = parser?.status ?? parser?.statusCode;
  if (
    parser &&
    typeof parser.type === 'string' &&
    typeof parserStatus === 'number' &&
    parserStatus >= 400 &&
    parserStatus < 500
  ) {
    return {
      type: 'about:blank',
      title: titleFor(parserStatus),
      status: parserStatus,
      detail: BODY_PARSER_DETAILS[parser.type] ?? 'request could not be read',
      instance,
    };
  }
  return {
    type: 'about:blank',
    title: titleFor(500),
    status: 500,
    detail: 'internal error; see the controller log',
    instance,
  };
}

/**
 * Express error middleware for the body parser, registered right after it: a body that cannot be
 * read is answered here, before Nest turns the parser's message (which may quote the body) into
 * a generic 400.
 */
export function bodyParserProblems(err: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  const parser = err as BodyParserError | null;
  if (
    parser &&
    typeof parser.type === 'string' &&
    (typeof parser.status === 'number' || typeof parser.statusCode === 'number')
  ) {
    const problem = toProblem(err, req.originalUrl?.split('?')[0] ?? req.url);
    res.status(problem.status).type(PROBLEM_JSON_CONTENT_TYPE).send(JSON.stringify(problem));
    return;
  }
  next(err);
}

/** The first path (contracts style) whose key or string value holds U+0000, if any. */
export function findNulCharacter(value: unknown, path = '', depth = 0): string | null {
  if (depth > 64) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNulCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (key.includes('\u0000')) return childPath;
      const hit = findNulCharacter(child, childPath, depth + 1);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and no Switchyard field has a use for it:
 * a body carrying one is refused here with a 400 naming the field, for every route at once.
 */
export function rejectNulCharacters(req: Request, res: Response, next: (err?: unknown) => void): void {
  const path = findNulCharacter(req.body);
  if (path === null) {
    next();
    return;
  }
  const instance = req.originalUrl?.split('?')[0] ?? req.url;
  const problem = ProblemException.validation([
    { path, message: `${path === '' ? 'the body' : path} must not contain the NUL character (U+0000)` },
  ]).problem;
  res
    .status(400)
    .type(PROBLEM_JSON_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance }));
}

@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = toProblem(error, req.originalUrl?.split('?')[0] ?? req.url);
    if (problem.status >= 500) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.logger.error(`${req.method} ${problem.instance} failed: ${maskPanLikeDigits(detail)}`);
    }
    if (res.headersSent) return;
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="switchyard"');
    res.status(problem.status).type(PROBLEM_JSON_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
