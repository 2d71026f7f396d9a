/** Token administration (admin only): create (shown once), list (never the secret), revoke. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { UuidParamPipe } from '../common/problem/uuid-param.pipe';
import { ApiDtoBody, ApiJson, ApiProblems } from '../openapi/api-docs';
import { CreateTokenDto, validateCreateToken } from './dto/create-token.dto';
import type { Principal } from './principal';
import { CurrentPrincipal, RequireRole } from './roles.decorator';
import { TokenService, type TokenView } from './token.service';

@ApiTags('tokens')
@ApiBearerAuth('bearer')
@Controller('tokens')
@RequireRole('admin')
export class TokensController {
  constructor(private readonly tokens: TokenService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a token (the secret is shown once; only its hash is stored)' })
  @ApiDtoBody(CreateTokenDto)
  @ApiJson(201, 'CreatedToken', 'Created')
  @ApiProblems(400)
  async create(
    @Body(new ContractPipe(validateCreateToken)) body: CreateTokenDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TokenView & { token: string }> {
    const { token, view } = await this.tokens.create(body.role, principal.name, body.label);
    return { ...view, token };
  }

  @Get()
  @ApiOperation({ summary: 'List tokens (never the secret)' })
  @ApiJson(200, 'TokenList', 'Tokens')
  async list(): Promise<{ items: TokenView[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiJson(200, 'TokenView', 'Revoked')
  @ApiProblems(400, 404)
  async revoke(@Param('id', UuidParamPipe) id: string): Promise<TokenView> {
    return this.tokens.revoke(id);
  }
}
