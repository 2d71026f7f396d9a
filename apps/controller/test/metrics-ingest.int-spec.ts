/**
 * Prometheus /metrics after real traffic: health reports over REST and over the real Kafka
 * `health-reports` topic, a failover from each, malformed and unusable messages dead-lettered,
 * consumer lag measured against the broker. The series the issue names are there with plausible
 * values, and a test PAN sent in a report's free text (hardSignal.detail) never reaches the
 * scrape, the logs, or the decision recorded in the database.
 */
import type { Kafka } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  TOPICS,
  createEnvelope,
  examples,
  type HealthReportDto,
  type SidecarRegistrationDto,
} from '@switchyard/contracts';
import { EnvelopeProducer, createKafka, silentLogger } from '@switchyard/messaging';
import { eventually, testInfra, uniqueName } from '@switchyard/testing';
import { ConsumerLagCollector } from '../src/observability/consumer-lag.collector';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(120_000);

const PAN = examples.TEST_PAN;
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** Value of one series (`name{labels}` exactly as exposed), or undefined when absent. */
function series(scrape: string, name: string): number | undefined {
  for (const line of scrape.split('\n')) {
    if (line.startsWith(`${name} `)) return Number(line.slice(name.length + 1));
  }
  return undefined;
}

function hardSignalReport(connectionId: string, sidecarId: string, sequence: number): HealthReportDto {
  const now = new Date().toISOString();
  return examples.healthReport({
    connectionId,
    sidecarId,
    status: 'FAILED',
    score: 0,
    sequence,
    reportedAt: new Date().toISOString(),
    hardSignal: {
      kind: 'SOCKET_RESET',
      // Free text a careless sidecar might fill with what it was processing.
      detail: `ECONNRESET while sending 0200 for card ${PAN}`,
      observedAt: new Date().toISOString(),
    },
    endpoints: [
      { endpointId: 'primary', reachable: false, checkedAt: now },
      { endpointId: 'dr-1', reachable: true, echoRttMs: 9, checkedAt: now },
    ],
  });
}

describe('metrics after real reports and failovers', () => {
  const infra = testInfra();
  const output: string[] = [];
  const writes = [process.stdout.write, process.stderr.write] as const;
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let kafka: Kafka;
  let producer: EnvelopeProducer;
  const sidecarId = `metrics/${uniqueName('pod').replace(/_/g, '-')}`;
  const restLink = uniqueName('m-rest').replace(/_/g, '-');
  const kafkaLink = uniqueName('m-kafka').replace(/_/g, '-');

  beforeAll(async () => {
    // Everything the process logs while under test, to prove the PAN is never in it.
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        return original(chunk, ...rest);
      }) as typeof stream.write;
    }
    c = await startController({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_CONSUMER_GROUP: uniqueName('metrics-it'),
    });
    http = request(c.app.getHttpServer());
    kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'metrics-it', logger: silentLogger });
    producer = new EnvelopeProducer(kafka);
    await producer.connect();

    const { token } = (await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar' }).expect(201)).body as {
      token: string;
    };
    const reg: SidecarRegistrationDto = {
      ...examples.sidecarRegistration(),
      sidecarId,
      namespace: 'metrics',
      podName: sidecarId.split('/')[1]!,
      connections: [restLink, kafkaLink].map((connectionId) => ({
        connectionId,
        endpoints: examples.endpoints(),
        activeEndpointId: 'primary',
      })),
    };
    await http
      .post('/api/v1/sidecars/register')
      .set({ Authorization: `Bearer ${token}` })
      .send(reg)
      .expect(200);

    // REST: two healthy reports, then a hard signal → failover.
    const sidecar = { Authorization: `Bearer ${token}` };
    for (const sequence of [1, 2]) {
      await http
        .put(`/api/v1/connections/${restLink}/health`)
        .set(sidecar)
        .send(
          examples.healthReport({ connectionId: restLink, sidecarId, sequence, reportedAt: new Date().toISOString() }),
        )
        .expect(200);
    }
    const failover = await http
      .put(`/api/v1/connections/${restLink}/health`)
      .set(sidecar)
      .send(hardSignalReport(restLink, sidecarId, 3))
      .expect(200);
    expect(failover.body.decisions.map((d: { action: string }) => d.action)).toContain('FAILOVER');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await c?.close();
    process.stdout.write = writes[0];
    process.stderr.write = writes[1];
  });

  async function scrape(): Promise<string> {
    const res = await http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  }

  it('counts Kafka reports, decides a failover from one, and dead-letters what it cannot use', async () => {
    const KAFKA_REPORTS = 'switchyard_ingest_messages_total{source="kafka",type="health-report"}';
    const envelope = (report: HealthReportDto) =>
      createEnvelope('health-report', report, { sender: { kind: 'sidecar', id: sidecarId } });
    // A fresh consumer group starts at the end of the topic once it has fetched: send healthy
    // reports until one is decided, then the hard signal.
    let sequence = 10;
    await eventually(
      'a Kafka report decided',
      async () => {
        await producer.send({
          topic: TOPICS.HEALTH_REPORTS,
          envelope: envelope(
            examples.healthReport({
              connectionId: kafkaLink,
              sidecarId,
              sequence: sequence++,
              reportedAt: new Date().toISOString(),
            }),
          ),
        });
        return (series(await scrape(), KAFKA_REPORTS) ?? 0) >= 1;
      },
      60_000,
    );
    await producer.send({
      topic: TOPICS.HEALTH_REPORTS,
      envelope: envelope(hardSignalReport(kafkaLink, sidecarId, 100)),
    });
    await producer.sendRaw(TOPICS.HEALTH_REPORTS, [{ key: kafkaLink, value: '{"schemaVersion":1,' }]);
    // Valid, but for a link nobody registered: dead-lettered at once, not retried.
    await producer.send({
      topic: TOPICS.HEALTH_REPORTS,
      envelope: envelope(examples.healthReport({ connectionId: uniqueName('nobody').replace(/_/g, '-'), sidecarId })),
    });

    await eventually(
      'the Kafka failover and both dead letters in /metrics',
      async () => {
        const text = await scrape();
        return (
          (series(text, 'switchyard_report_to_command_seconds_count') ?? 0) >= 2 &&
          (series(text, 'switchyard_dead_letters_total{topic="health-reports",reason="INVALID_JSON"}') ?? 0) >= 1 &&
          (series(text, 'switchyard_dead_letters_total{topic="health-reports",reason="PROCESSING_FAILED"}') ?? 0) >= 1
        );
      },
      60_000,
    );

    const text = await scrape();
    expect(series(text, 'switchyard_ingest_messages_total{source="http",type="health-report"}')).toBe(3);
    expect(series(text, KAFKA_REPORTS)).toBeGreaterThanOrEqual(2);
    // Two failovers on a hard signal, one per link; not shadow.
    const failovers = text
      .split('\n')
      .filter((l) => l.startsWith('switchyard_decisions_total{action="FAILOVER"') && l.includes('shadow="false"'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(failovers).toBe(2);
    expect(series(text, 'switchyard_decisions_superseded_total')).toBe(0);

    const decided = series(text, 'switchyard_decision_duration_seconds_count{input="HEALTH_REPORT"}') ?? 0;
    const decidedSum = series(text, 'switchyard_decision_duration_seconds_sum{input="HEALTH_REPORT"}') ?? -1;
    expect(decided).toBeGreaterThanOrEqual(5);
    expect(decidedSum).toBeGreaterThan(0);
    expect(decidedSum / decided).toBeLessThan(2);
    const toCommand = series(text, 'switchyard_report_to_command_seconds_count') ?? 0;
    const toCommandSum = series(text, 'switchyard_report_to_command_seconds_sum') ?? -1;
    expect(toCommand).toBe(2);
    expect(toCommandSum).toBeGreaterThan(0);
    expect(toCommandSum / toCommand).toBeLessThan(5);
    // The commands are in the outbox, fenced at epoch 1.
    const rows = (await c.app
      .get(DataSource)
      .query(`select connection_id, epoch::int from commands where connection_id = any($1)`, [
        [restLink, kafkaLink],
      ])) as Array<{ connection_id: string; epoch: number }>;
    expect(rows.map((r) => r.connection_id).sort()).toEqual([kafkaLink, restLink].sort());
    expect(rows.every((r) => r.epoch === 1)).toBe(true);
  });

  it('reports consumer lag per topic from the broker', async () => {
    await c.app.get(ConsumerLagCollector).collect();
    const text = await scrape();
    const lag = series(text, 'switchyard_consumer_lag{topic="health-reports"}');
    expect(lag).toBeDefined();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(series(text, 'switchyard_consumer_lag{topic="connection-events"}')).toBeGreaterThanOrEqual(0);
  });

  it('never lets the PAN into the scrape, its labels, the logs or the recorded decisions', async () => {
    const text = await scrape();
    expect(text).not.toContain(PAN);
    // No label value anywhere carries a card-number-like digit run.
    for (const [, value] of text.matchAll(/="([^"]*)"/g)) expect(value).not.toMatch(/\d{13,19}/);
    expect(output.join('')).not.toContain(PAN);
    const reasons = (await c.app
      .get(DataSource)
      .query(`select reason from failover_events where connection_id = any($1)`, [[restLink, kafkaLink]])) as Array<{
      reason: string;
    }>;
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    for (const r of reasons) {
      expect(r.reason).not.toContain(PAN);
      expect(r.reason).toContain('411111******1111');
    }
    const snapshots = (await c.app
      .get(DataSource)
      .query(`select report::text as report from health_snapshots where connection_id = any($1)`, [
        [restLink, kafkaLink],
      ])) as Array<{ report: string }>;
    for (const s of snapshots) expect(s.report).not.toContain(PAN);
  });
});
