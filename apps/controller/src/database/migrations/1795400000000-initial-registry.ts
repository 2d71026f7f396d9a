/**
 * The controller's registry, first version. Hand-written SQL (never `synchronize`): every table,
 * constraint and index here is deliberate.
 *
 * - `epoch` on connections is the fencing token: a decision is a compare-and-set on it in the same
 *   transaction that writes the failover event and the outbox command.
 * - `commands` is the outbox: a row is written with the decision and relayed to Kafka / Redis /
 *   HTTP by the leader; delivery per path and the result are recorded on the row.
 * - JSON columns hold contract documents (validated by libs/contracts before they get here).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialRegistry1795400000000 implements MigrationInterface {
  name = 'InitialRegistry1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table api_tokens (
        id            uuid primary key,
        role          text not null check (role in ('viewer', 'operator', 'admin', 'sidecar')),
        token_hash    text not null unique,
        label         text,
        created_by    text not null,
        created_at    timestamptz not null default now(),
        revoked_at    timestamptz,
        -- A sidecar token acts only for the sidecar that used it first.
        bound_sidecar_id text,
        last_used_at  timestamptz
      )`);

    await q.query(`
      create table sidecars (
        id                   text primary key,
        pod_name             text not null,
        namespace            text not null,
        version              text not null,
        application_endpoint text not null,
        capabilities         jsonb not null default '[]',
        status               text not null check (status in ('ACTIVE', 'LOST', 'DEREGISTERED')),
        registered_at        timestamptz not null,
        started_at           timestamptz,
        last_heartbeat_at    timestamptz not null,
        lost_at              timestamptz,
        registration         jsonb not null
      )`);
    await q.query(`create index sidecars_status_heartbeat on sidecars (status, last_heartbeat_at)`);

    await q.query(`
      create table connections (
        id                 text primary key,
        sidecar_id         text references sidecars (id) on delete set null,
        description        text,
        endpoints          jsonb not null,
        active_endpoint_id text,
        epoch              bigint not null default 0 check (epoch >= 0),
        status             text not null default 'UNKNOWN'
                             check (status in ('CONNECTING', 'ACTIVE', 'DEGRADED', 'FAILED', 'UNKNOWN')),
        score              integer check (score between 0 and 100),
        policy             jsonb not null default '{}',
        maintenance        boolean not null default false,
        decision_state     jsonb,
        metadata           jsonb not null default '{}',
        last_report_at     timestamptz,
        last_report_seq    bigint,
        created_at         timestamptz not null default now(),
        updated_at         timestamptz not null default now(),
        row_version        integer not null default 1
      )`);
    await q.query(`create index connections_sidecar on connections (sidecar_id)`);
    await q.query(`create index connections_status on connections (status)`);

    await q.query(`
      create table health_snapshots (
        id                 bigserial primary key,
        connection_id      text not null references connections (id) on delete cascade,
        sidecar_id         text not null,
        kind               text not null check (kind in ('TRANSITION', 'SAMPLE')),
        status             text not null,
        previous_status    text,
        score              integer not null,
        active_endpoint_id text,
        hard_signal        text,
        report             jsonb not null,
        reported_at        timestamptz not null,
        received_at        timestamptz not null default now()
      )`);
    await q.query(
      `create index health_snapshots_connection_time on health_snapshots (connection_id, reported_at desc)`,
    );

    await q.query(`
      create table failover_events (
        id                 uuid primary key,
        connection_id      text not null references connections (id) on delete cascade,
        action             text not null,
        trigger            text not null,
        reason             text not null,
        from_endpoint_id   text,
        to_endpoint_id     text,
        epoch_before       bigint not null,
        epoch_after        bigint,
        decided_by         text not null,
        shadow             boolean not null default false,
        outcome            text not null
                             check (outcome in ('PENDING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'SUPERSEDED',
                                                'SUPPRESSED', 'REJECTED', 'RECORDED')),
        outcome_detail     text,
        detected_at        timestamptz,
        decided_at         timestamptz not null,
        command_issued_at  timestamptz,
        delivered_at       timestamptz,
        completed_at       timestamptz,
        duration_ms        integer,
        phases             jsonb not null default '[]'
      )`);
    await q.query(`create index failover_events_connection_time on failover_events (connection_id, decided_at desc)`);
    await q.query(`create index failover_events_time on failover_events (decided_at desc)`);

    await q.query(`
      create table commands (
        id                 uuid primary key,
        type               text not null,
        sidecar_id         text not null,
        connection_id      text,
        epoch              bigint not null,
        command            jsonb not null,
        failover_event_id  uuid references failover_events (id) on delete set null,
        status             text not null
                             check (status in ('PENDING', 'DELIVERED', 'SUCCEEDED', 'FAILED', 'REJECTED', 'TIMEOUT', 'EXPIRED')),
        issued_at          timestamptz not null,
        deadline           timestamptz not null,
        attempts           integer not null default 0,
        next_attempt_at    timestamptz not null,
        delivered          jsonb not null default '{}',
        first_delivered_at timestamptz,
        acked_at           timestamptz,
        result             jsonb,
        status_detail      text
      )`);
    // The relay's work queue: what is due and not finished.
    await q.query(`create index commands_due on commands (next_attempt_at) where status in ('PENDING', 'DELIVERED')`);
    await q.query(`create index commands_sidecar_time on commands (sidecar_id, issued_at desc)`);
    await q.query(`create index commands_connection_time on commands (connection_id, issued_at desc)`);

    await q.query(`
      create table config_versions (
        scope       text not null,
        version     integer not null check (version >= 1),
        document    jsonb not null,
        created_by  text not null,
        created_at  timestamptz not null default now(),
        published_at timestamptz,
        primary key (scope, version)
      )`);

    await q.query(`
      create table config_rollouts (
        scope       text not null,
        version     integer not null,
        sidecar_id  text not null,
        status      text not null check (status in ('APPLIED', 'REJECTED')),
        errors      jsonb not null default '[]',
        acked_at    timestamptz not null,
        primary key (scope, version, sidecar_id),
        foreign key (scope, version) references config_versions (scope, version) on delete cascade
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'config_rollouts',
      'config_versions',
      'commands',
      'failover_events',
      'health_snapshots',
      'connections',
      'sidecars',
      'api_tokens',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
  }
}
