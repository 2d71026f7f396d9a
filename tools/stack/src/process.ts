/**
 * Small process helpers for the stack: start a daemon detached with its output in a log file,
 * know whether a recorded pid is still ours, stop it politely then firmly, and wait for a
 * condition with a deadline. Linux-first (reads /proc), degrades to pid liveness elsewhere.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` is alive and its command line mentions `marker` (guards against pid reuse). */
export function isOurProcess(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 250,
  lastError?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) {
      const detail = lastError?.();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? ` (last error: ${detail})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** Starts a long-running process detached from us, stdout+stderr appended to `logFile`. */
export function spawnDetached(
  command: string,
  args: string[],
  opts: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number },
): number {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'a');
  const spawnOpts: SpawnOptions = {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  };
  if (opts.uid !== undefined) spawnOpts.uid = opts.uid;
  if (opts.gid !== undefined) spawnOpts.gid = opts.gid;
  const child = spawn(command, args, spawnOpts);
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  return child.pid;
}

/** SIGTERM, wait, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 15_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    const hard = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < hard) await sleep(50);
  }
}

/** Runs a short command synchronously; throws with its output when it fails. */
export function run(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {},
): string {
  const res = spawnSync(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    uid: opts.uid,
    gid: opts.gid,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 300_000,
  });
  if (res.error) throw new Error(`${command} failed to run: ${res.error.message}`);
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${res.status}:\n${out}`);
  }
  return res.stdout;
}

/** Is `command` on PATH? */
export function which(command: string): string | undefined {
  const res = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const out = res.stdout.trim();
  return res.status === 0 && out ? out : undefined;
}

/**
 * A lock across processes (a developer's `pnpm stack up` and jest's globalSetup may race): an
 * exclusive-create file holding our pid; a lock whose holder died is taken over.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 300_000): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'stack.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`stack lock ${file} held by pid ${holder} for too long`, { cause: err });
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

/** True when something already listens on 127.0.0.1:`port`. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolvePromise(err.code === 'EADDRINUSE' || err.code === 'EACCES'),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(false)));
  });
}

/** Fails with a message naming the variable to change when a port we must bind is taken. */
export async function assertPortFree(port: number, variable: string, service: string): Promise<void> {
  if (await portInUse(port)) {
    throw new Error(
      `${service} cannot start: 127.0.0.1:${port} is already in use by another process. ` +
        `Stop it, set ${variable} to a free port, or point the stack at an existing ${service} via env.`,
    );
  }
}

/**
 * `run`, without blocking the event loop: for slow commands (Maven resolving the Kafka jars) while
 * other services start in parallel.
 */
export function runAsync(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${command} failed to run: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else {
        const tail = out.trim().split('\n').slice(-20).join('\n');
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${tail}`));
      }
    });
  });
}
