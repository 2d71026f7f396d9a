// Frame formats derived by hand: 2-byte binary big-endian length, 4 ASCII digits, 2 BCD bytes;
// TPDU layout (1 byte id 0x60, 2 bytes destination, 2 bytes source) as used on POS links.
import fc from 'fast-check';
import { Iso8583FramingError } from '../errors/iso8583.error';
import { FrameCodec, swapTpdu } from './frame.codec';

const payload = Buffer.from('0800822000000000000004000000000000000101120000000001301', 'latin1');

describe('frame codec', () => {
  it.each([
    ['binary2', '0037'],
    ['ascii4', Buffer.from('0055', 'latin1').toString('hex')],
    ['bcd2', '0055'],
  ] as const)('%s writes the length prefix %s', (kind, prefixHex) => {
    const codec = new FrameCodec({ lengthPrefix: kind });
    const frame = codec.encode(payload);
    expect(frame.subarray(0, codec.prefixBytes).toString('hex')).toBe(prefixHex);
    expect(codec.createDecoder().push(frame)).toEqual([{ header: undefined, payload }]);
  });

  it('splits off a static TPDU header and can swap it for the response', () => {
    const tpdu = Buffer.from('6000010002', 'hex');
    const codec = new FrameCodec({ header: tpdu });
    const frame = codec.encode(payload);
    expect(frame.subarray(0, 7).toString('hex')).toBe('003c' + '6000010002');
    const [got] = codec.createDecoder().push(frame);
    expect(got.header?.toString('hex')).toBe('6000010002');
    expect(got.payload.equals(payload)).toBe(true);
    expect(swapTpdu(tpdu).toString('hex')).toBe('6000020001');
  });

  it('supports lengths that include the prefix itself', () => {
    const codec = new FrameCodec({ lengthIncludesPrefix: true });
    const frame = codec.encode(payload);
    expect(frame.readUInt16BE(0)).toBe(payload.length + 2);
    expect(codec.createDecoder().push(frame)[0].payload.equals(payload)).toBe(true);
  });

  it('reassembles frames across any split of coalesced chunks (property)', () => {
    const codec = new FrameCodec({ lengthPrefix: 'ascii4', header: Buffer.from('6000010002', 'hex') });
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => codec.encode(m)));
          const decoder = codec.createDecoder();
          const out: Buffer[] = [];
          let off = 0;
          let i = 0;
          while (off < stream.length) {
            const n = cuts[i++ % cuts.length];
            for (const f of decoder.push(stream.subarray(off, off + n))) out.push(Buffer.from(f.payload));
            off += n;
          }
          expect(out.map((b) => b.toString('hex'))).toEqual(messages.map((m) => Buffer.from(m).toString('hex')));
          expect(decoder.buffered).toBe(0);
        },
      ),
      { numRuns: 500, seed: 3 },
    );
  });

  it('drops zero-length keep-alive frames', () => {
    const codec = new FrameCodec();
    expect(codec.createDecoder().push(Buffer.concat([Buffer.from('0000', 'hex'), codec.encode(payload)]))).toHaveLength(
      1,
    );
  });

  it('refuses frames above the maximum size and malformed prefixes', () => {
    const codec = new FrameCodec({ maxFrameSize: 100 });
    expect(() => codec.createDecoder().push(Buffer.from('0065', 'hex'))).toThrow(
      expect.objectContaining({ code: 'FRAME_TOO_LARGE', offset: 0 }),
    );
    expect(() => codec.encode(Buffer.alloc(101))).toThrow(Iso8583FramingError);
    const ascii = new FrameCodec({ lengthPrefix: 'ascii4' });
    expect(() => ascii.createDecoder().push(Buffer.from('00x1', 'latin1'))).toThrow(
      expect.objectContaining({ code: 'INVALID_FRAME_LENGTH' }),
    );
    const bcd = new FrameCodec({ lengthPrefix: 'bcd2' });
    expect(() => bcd.createDecoder().push(Buffer.from('0A00', 'hex'))).toThrow(Iso8583FramingError);
  });
});
