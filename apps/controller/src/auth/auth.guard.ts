/**
 * Every call needs a bearer token (except @Public probes and docs). 401 when it is missing or
 * unknown, 403 when its role is not enough, both as problem+json. Default-deny: a route that
 * declares no role is refused, so a forgotten decorator cannot open an endpoint.
 */
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { TokenRole } from '../database/entities';
import { ProblemException } from '../common/problem/problem.exception';
import { satisfies, type Principal } from './principal';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './roles.decorator';
import { TokenService } from './token.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw ProblemException.unauthorized('a bearer token is required (Authorization: Bearer <token>)');
    const principal = await this.tokens.authenticate(match[1]!);
    if (!principal) throw ProblemException.unauthorized('the bearer token is unknown or revoked');
    const required = this.reflector.getAllAndOverride<TokenRole[] | undefined>(REQUIRED_ROLE, targets);
    if (!required || required.length === 0) throw ProblemException.forbidden('this route declares no role');
    if (!required.some((r) => satisfies(principal.role, r))) {
      throw ProblemException.forbidden(
        `this call needs the role ${required.join(' or ')}; the token has ${principal.role}`,
      );
    }
    req.principal = principal;
    return true;
  }
}
