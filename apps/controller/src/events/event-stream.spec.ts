import type { RegistryEvent } from '../registry/registry.events';
import { EventRing, SseClient, formatComment, formatEvent, type SseSink } from './event-stream';

const event = (n: number, connectionId = 'c1'): RegistryEvent => ({
  type: 'connection.updated',
  at: '2024-05-01T12:00:00.000Z',
  connectionId,
  data: { n },
});

class FakeSink implements SseSink {
  chunks: string[] = [];
  writableLength = 0;
  destroyed = false;
  ended = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('SSE framing', () => {
  it('writes id, event and one-line JSON data, ending with a blank line', () => {
    expect(formatEvent({ id: 'ab-1', seq: 1, event: event(1) })).toBe(
      `id: ab-1\nevent: connection.updated\ndata: ${JSON.stringify(event(1))}\n\n`,
    );
    expect(formatComment('keep\nalive')).toBe(': keep alive\n\n');
  });
});

describe('SseClient', () => {
  it('sends only what the filter keeps', () => {
    const sink = new FakeSink();
    const ring = new EventRing();
    const client = new SseClient(
      sink,
      (e) => e.connectionId === 'c2',
      1024,
      () => undefined,
    );
    client.send(ring.push(event(1, 'c1')));
    client.send(ring.push(event(2, 'c2')));
    expect(sink.chunks).toHaveLength(1);
    expect(sink.chunks[0]).toContain('"connectionId":"c2"');
  });

  it('cuts off a consumer whose unread bytes exceed the bound, telling it why, and never blocks', () => {
    const sink = new FakeSink();
    let overflowed = 0;
    const client = new SseClient(
      sink,
      () => true,
      100,
      () => overflowed++,
    );
    const ring = new EventRing();
    client.send(ring.push(event(1)));
    sink.writableLength = 101; // the socket is not draining
    client.send(ring.push(event(2)));
    client.send(ring.push(event(3)));
    expect(overflowed).toBe(1);
    expect(sink.destroyed).toBe(true);
    expect(sink.chunks.at(-1)).toMatch(/^event: stream.overflow\n/);
    expect(sink.chunks).toHaveLength(2);
    expect(client.isClosed).toBe(true);
  });
});

describe('EventRing', () => {
  it('numbers events and replays those after a known id', () => {
    const ring = new EventRing(3);
    const ids = [1, 2, 3, 4, 5].map((n) => ring.push(event(n)).id);
    expect(ring.since(ids[2]!)!.map((e) => e.seq)).toEqual([4, 5]);
    expect(ring.since(ids[4]!)).toEqual([]);
    // ids[0] fell out of the ring (size 3: seq 3..5 kept): cannot resume without a gap.
    expect(ring.since(ids[0]!)).toBeNull();
    expect(ring.since(ids[1]!)!.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(ring.since('00000000-1')).toBeNull();
    expect(ring.since('garbage')).toBeNull();
    expect(ring.since(`${ring.streamId}-99`)).toBeNull();
  });
});
