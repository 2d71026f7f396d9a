/**
 * Validates a request body (or query) with a libs/contracts validator, so the API rejects bad
 * input with the same rules and field paths as Kafka consumers: 400 problem+json naming each bad
 * field, unknown fields rejected.
 */
import { Injectable, type PipeTransform } from '@nestjs/common';
import type { ValidationOutcome } from '@switchyard/contracts';
import { ProblemException } from './problem.exception';

@Injectable()
export class ContractPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly validate: (input: unknown) => ValidationOutcome<T>) {}

  transform(value: unknown): T {
    const outcome = this.validate(value ?? {});
    if (!outcome.ok) throw ProblemException.validation(outcome.errors);
    return outcome.value;
  }
}
