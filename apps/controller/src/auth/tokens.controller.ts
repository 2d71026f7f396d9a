/** Token administration (admin only): create (shown once), list (never the secret), revoke. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ContractPipe } from '../common/problem/contract-body.pipe';
import { UuidParamPipe } from '../common/problem/uuid-param.pipe';
import { CreateTokenDto, validateCreateToken } from './dto/create-token.dto';
import type { Principal } from './principal';
import { CurrentPrincipal, RequireRole } from './roles.decorator';
import { TokenService, type TokenView } from './token.service';

@Controller('tokens')
@RequireRole('admin')
export class TokensController {
  constructor(private readonly tokens: TokenService) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body(new ContractPipe(validateCreateToken)) body: CreateTokenDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TokenView & { token: string }> {
    const { token, view } = await this.tokens.create(body.role, principal.name, body.label);
    return { ...view, token };
  }

  @Get()
  async list(): Promise<{ items: TokenView[] }> {
    return { items: await this.tokens.list() };
  }

  @Delete(':id')
  async revoke(@Param('id', UuidParamPipe) id: string): Promise<TokenView> {
    return this.tokens.revoke(id);
  }
}
