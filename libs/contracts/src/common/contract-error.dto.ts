/** A ContractError as it travels inside a message (config acks, dead-letter records). */
import { IsString, Length } from 'class-validator';
import type { ContractError } from './contract-error';

export class ContractErrorDto implements ContractError {
  /** Path in the package's path style ('' = the whole value). */
  @IsString()
  @Length(0, 512)
  path!: string;

  @IsString()
  @Length(1, 2048)
  message!: string;
}
