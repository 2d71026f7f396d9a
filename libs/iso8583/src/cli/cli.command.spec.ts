import { TEST_CARDS, TEST_TRACKS } from '@switchyard/testing';
import { pack } from '../message/message.codec';
import { iso87ascii, iso87binary } from '../spec/spec.registry';
import { EXIT_BAD_INPUT, EXIT_OK, runCli } from './cli.command';

const PAN = TEST_CARDS.visa;
const TRACK2 = TEST_TRACKS.track2;
const message = {
  mti: '0100',
  fields: {
    2: PAN,
    3: '123456',
    35: TRACK2,
    43: { 1: 'ACME', 2: 'LONDON', 3: 'LN', 4: 'GB' },
    52: '0123456789ABCDEF',
    55: [
      { tag: '5A', value: PAN },
      { tag: '9F26', value: '0102030405060708' },
    ],
  },
};

async function run(argv: string[], stdin: Buffer | string = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    readStdin: async () => (typeof stdin === 'string' ? Buffer.from(stdin) : stdin),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

describe('iso8583 CLI', () => {
  const hex = pack(iso87ascii, message).toString('hex');

  it('decodes hex to the masked JSON view with subfields nested', async () => {
    const { code, out, err } = await run(['decode', '--spec', 'iso87ascii', hex]);
    expect(code).toBe(EXIT_OK);
    expect(err).toBe('');
    const view = JSON.parse(out);
    expect(view.mti).toBe('0100');
    expect(view.fields['2']).toBe('411111******1111');
    expect(view.fields['43']).toEqual({ 1: 'ACME'.padEnd(23), 2: 'LONDON'.padEnd(13), 3: 'LN', 4: 'GB' });
    expect(view.fields['55'][0]).toEqual({ tag: '5A', value: '411111******1111' });
    expect(out).not.toContain(PAN);
    expect(out).not.toContain('25121011234567890');
    expect(out).not.toContain('0123456789ABCDEF');
  });

  it('decodes base64 and raw stdin', async () => {
    const bytes = pack(iso87binary, { mti: '0800', fields: { 11: '000001', 70: '301' } });
    const b64 = await run(['decode', '--spec', 'iso87binary', '--base64', bytes.toString('base64')]);
    expect(JSON.parse(b64.out)).toEqual({ mti: '0800', fields: { 11: '000001', 70: '301' } });
    const raw = await run(['decode', '--spec', 'iso87binary', '--raw'], bytes);
    expect(raw.out).toBe(b64.out);
    const stdinHex = await run(['decode', '--spec=iso87binary'], `${bytes.toString('hex')}\n`);
    expect(stdinHex.out).toBe(b64.out);
  });

  it('encodes the JSON shape from stdin to hex, and round-trips with --unmasked decode', async () => {
    const enc = await run(['encode', '--spec', 'iso87ascii'], JSON.stringify(message));
    expect(enc.code).toBe(EXIT_OK);
    expect(enc.out.trim().toLowerCase()).toBe(hex);
    const clear = await run(['decode', '--spec', 'iso87ascii', '--unmasked', hex]);
    expect(clear.err).toMatch(/warning: --unmasked/);
    const again = await run(['encode', '--spec', 'iso87ascii'], clear.out);
    expect(again.out.trim().toLowerCase()).toBe(hex);
  });

  it('exits 2 with a typed, masked error on bad input', async () => {
    const truncated = await run(['decode', '--spec', 'iso87ascii', hex.slice(0, 60)]);
    expect(truncated.code).toBe(EXIT_BAD_INPUT);
    const err = JSON.parse(truncated.err);
    expect(err.error).toMatchObject({ name: 'Iso8583UnpackError', code: 'TRUNCATED', field: '2' });

    const badJson = await run(['encode', '--spec', 'iso87ascii'], `{"mti":"0100","fields":{"2":"${PAN}"`);
    expect(badJson.code).toBe(EXIT_BAD_INPUT);
    expect(badJson.err).not.toContain(PAN);

    const badValue = await run(
      ['encode', '--spec', 'iso87ascii'],
      JSON.stringify({ mti: '0100', fields: { 2: `${PAN}0000` } }),
    );
    expect(badValue.code).toBe(EXIT_BAD_INPUT);
    expect(JSON.parse(badValue.err).error).toMatchObject({ code: 'INVALID_LENGTH', field: '2' });
    expect(badValue.err).not.toContain(PAN);

    expect((await run(['decode', '--spec', 'nope', hex])).code).toBe(EXIT_BAD_INPUT);
    expect((await run(['decode', '--spec', 'iso87ascii', 'zz'])).code).toBe(EXIT_BAD_INPUT);
    expect((await run(['frobnicate'])).code).toBe(EXIT_BAD_INPUT);
    expect((await run(['decode', hex])).code).toBe(EXIT_BAD_INPUT);
  });

  it('lists specs and prints help', async () => {
    expect(JSON.parse((await run(['specs'])).out)).toContain('iso87ascii');
    expect((await run(['--help'])).out).toMatch(/usage/);
  });
});
