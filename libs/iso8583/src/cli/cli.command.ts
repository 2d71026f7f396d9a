/**
 * `iso8583 decode|encode|specs` for operators. Decode prints the masked view as one JSON line;
 * encode reads that JSON shape (with real values) and prints hex. Bad input exits with code 2 and a
 * typed, masked error on stderr - the CLI must be safe to paste into a ticket.
 */
import { readFileSync } from 'node:fs';
import { Iso8583Error } from '../errors/iso8583.error';
import { bytesToHex, hexToBytes } from '../encoding/hex.encoding';
import { describe } from '../mask/describe';
import { redactCardData } from '../mask/card-data.mask';
import { pack, unpack } from '../message/message.codec';
import type { IsoMessage } from '../message/message.types';
import { loadSpec } from '../spec/spec.loader';
import { getSpec, SHIPPED_SPEC_NAMES } from '../spec/spec.registry';
import type { MessageSpec } from '../spec/spec.types';

export interface CliIo {
  readStdin(): Promise<Buffer>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = `usage:
  iso8583 decode --spec <name|file.json> [--base64 | --raw] [--unmasked] [--pretty] [<hex or base64>]
      Decodes one message (from the argument, else from stdin) and prints {"mti":..,"fields":{..}}
      with card data masked. --raw reads binary bytes from stdin.
  iso8583 encode --spec <name|file.json> [--base64]
      Reads {"mti":..,"fields":{..}} (unmasked values) from stdin and prints the message as hex.
  iso8583 specs
      Lists the shipped specs.
exit codes: 0 ok, 2 bad input (the error is printed as JSON on stderr), 1 unexpected failure.`;

class UsageError extends Error {}

interface Parsed {
  command: string | undefined;
  spec: string | undefined;
  flags: Set<string>;
  positional: string[];
}

const FLAGS = new Set(['--base64', '--raw', '--unmasked', '--pretty', '--help', '-h']);

function parseArgs(argv: string[]): Parsed {
  const out: Parsed = { command: undefined, spec: undefined, flags: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '--spec') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError('--spec needs a value');
      out.spec = v;
    } else if (a.startsWith('--spec=')) {
      out.spec = a.slice('--spec='.length);
    } else if (FLAGS.has(a)) {
      out.flags.add(a);
    } else if (a.startsWith('-') && a.length > 1) {
      throw new UsageError(`unknown option ${a}`);
    } else if (out.command === undefined) {
      out.command = a;
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

function resolveSpec(name: string | undefined): MessageSpec {
  if (name === undefined)
    throw new UsageError(`--spec is required (one of ${SHIPPED_SPEC_NAMES.join(', ')}, or a .json file)`);
  if (name.endsWith('.json') || name.includes('/')) {
    let text: string;
    try {
      text = readFileSync(name, 'utf8');
    } catch {
      throw new UsageError(`cannot read spec file ${name}`);
    }
    return loadSpec(text);
  }
  return getSpec(name);
}

function errorJson(e: unknown): string {
  if (e instanceof Iso8583Error) return JSON.stringify({ error: e.toJSON() });
  const message = e instanceof Error ? e.message : String(e);
  return JSON.stringify({ error: { name: e instanceof Error ? e.name : 'Error', message: redactCardData(message) } });
}

async function decodeInput(p: Parsed, io: CliIo): Promise<Buffer> {
  if (p.flags.has('--raw')) {
    if (p.positional.length > 0) throw new UsageError('--raw reads bytes from stdin; do not pass an argument');
    return io.readStdin();
  }
  const text = (p.positional.length > 0 ? p.positional.join('') : (await io.readStdin()).toString('latin1')).replace(
    /\s+/g,
    '',
  );
  if (text.length === 0) throw new UsageError('no message given');
  if (p.flags.has('--base64')) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new UsageError('input is not base64');
    return Buffer.from(text, 'base64');
  }
  try {
    return hexToBytes(text);
  } catch (e) {
    throw new UsageError(`input is not hex: ${(e as Error).message}`);
  }
}

async function runDecode(p: Parsed, io: CliIo): Promise<number> {
  const spec = resolveSpec(p.spec);
  const bytes = await decodeInput(p, io);
  const message = unpack(spec, bytes);
  const unmasked = p.flags.has('--unmasked');
  if (unmasked) io.stderr('warning: --unmasked prints card data in clear; do not paste this output anywhere\n');
  const view = describe(spec, message, { unmasked });
  io.stdout(`${JSON.stringify(view, null, p.flags.has('--pretty') ? 2 : undefined)}\n`);
  return EXIT_OK;
}

async function runEncode(p: Parsed, io: CliIo): Promise<number> {
  const spec = resolveSpec(p.spec);
  if (p.positional.length > 0) throw new UsageError('encode reads the JSON message from stdin');
  const text = (await io.readStdin()).toString('utf8');
  let message: IsoMessage;
  try {
    message = JSON.parse(text) as IsoMessage;
  } catch {
    // JSON.parse errors quote the input, which may hold a PAN: report position-free.
    throw new UsageError('stdin is not valid JSON');
  }
  const bytes = pack(spec, message);
  io.stdout(`${p.flags.has('--base64') ? bytes.toString('base64') : bytesToHex(bytes)}\n`);
  return EXIT_OK;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    io.stderr(`${errorJson(e)}\n${USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  if (parsed.flags.has('--help') || parsed.flags.has('-h') || parsed.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  try {
    switch (parsed.command) {
      case 'decode':
        return await runDecode(parsed, io);
      case 'encode':
        return await runEncode(parsed, io);
      case 'specs':
        io.stdout(`${JSON.stringify(SHIPPED_SPEC_NAMES)}\n`);
        return EXIT_OK;
      default:
        throw new UsageError(parsed.command === undefined ? 'missing command' : `unknown command ${parsed.command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${JSON.stringify({ error: { name: 'UsageError', message: redactCardData(e.message) } })}\n${USAGE}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`${errorJson(e)}\n`);
    return e instanceof Iso8583Error ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }
}

/** The process-bound IO for the real binary. */
export function processIo(): CliIo {
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
}
