import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TokenRole } from '../database/entities';
import type { Principal } from './principal';

export const REQUIRED_ROLE = 'switchyard:required-role';

/**
 * The least role a route needs (viewer < operator < admin), or 'sidecar' for the sidecar lane.
 * Several roles: any of them. Every route must declare one; the guard refuses routes that don't.
 */
export const RequireRole = (...roles: TokenRole[]) => SetMetadata(REQUIRED_ROLE, roles);

export const PUBLIC_ROUTE = 'switchyard:public';
/** Probes and the OpenAPI document: no token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
