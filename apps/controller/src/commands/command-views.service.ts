/** Reads of the outbox for operators: filtered, newest first, keyset-paginated. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem/problem.exception';
import { CommandEntity } from '../database/entities';
import { commandView, type CommandView } from './command.view';
import { encodeCursor, type CommandsPageRequest } from './dto/list-commands.query';

@Injectable()
export class CommandViews {
  constructor(private readonly db: DataSource) {}

  async list(q: CommandsPageRequest): Promise<{ items: CommandView[]; nextCursor: string | null }> {
    const qb = this.db.getRepository(CommandEntity).createQueryBuilder('c');
    if (q.sidecarId !== undefined) qb.andWhere('c.sidecar_id = :sidecarId', { sidecarId: q.sidecarId });
    if (q.connectionId !== undefined) qb.andWhere('c.connection_id = :connectionId', { connectionId: q.connectionId });
    if (q.status !== undefined) qb.andWhere('c.status = :status', { status: q.status });
    if (q.type !== undefined) qb.andWhere('c.type = :type', { type: q.type });
    if (q.since !== undefined) qb.andWhere('c.issued_at >= :since', { since: q.since });
    if (q.after !== undefined) {
      qb.andWhere('(c.issued_at, c.id) < (:afterAt, :afterId)', { afterAt: q.after.issuedAt, afterId: q.after.id });
    }
    const rows = await qb
      .orderBy('c.issued_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(q.limit + 1)
      .getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(commandView),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.issuedAt, last.id) : null,
    };
  }

  async get(id: string): Promise<CommandView> {
    const c = await this.db.getRepository(CommandEntity).findOneBy({ id });
    if (!c) throw ProblemException.notFound(`command ${id}`);
    return commandView(c);
  }
}
