/**
 * Runs an app of apps/ as a real process from its TypeScript source, for tests that must see what
 * a deployment sees: env validation at start-up, listening sockets, signals and exit codes.
 *
 * Source, not dist: a clean clone has no build output when `pnpm test` runs. @swc-node/register
 * compiles on load and, unlike tsx/esbuild, emits the decorator metadata Nest's DI depends on; the
 * `paths` of the app's tsconfig.json point `@switchyard/*` libraries at their source too.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface LogLine {
  level: string;
  message: string;
  context?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A port nobody is listening on right now (the kernel picks it; we release it for the app). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') {
    throw new Error('expected a TCP address');
  }
  return address.port;
}

export interface AppProcessOptions {
  /** The app's package directory: it holds `src/main.ts` and the `tsconfig.json` it compiles with. */
  appRoot: string;
  /** Added to this process's environment. */
  env: Record<string, string>;
}

export class AppProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly rawOutput: string[] = [];
  private readonly logListeners = new Set<() => void>();

  constructor({ appRoot, env }: AppProcessOptions) {
    this.child = spawn(process.execPath, ['--require', '@swc-node/register', 'src/main.ts'], {
      cwd: appRoot,
      env: { ...process.env, SWC_NODE_PROJECT: join(appRoot, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // 'close', not 'exit': it comes after stdout/stderr are drained, so no log line is missed.
    this.exited = once(this.child, 'close').then(([code, signal]) => ({ code, signal }) as Exit);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach((line) => this.record(line));
      });
    }
  }

  /** Resolves with the first log line matching `test`; rejects if the process exits or time runs out. */
  waitForLog(test: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.logListeners.delete(check);
      };
      const check = (): void => {
        const found = this.logs.find(test);
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${this.output()}`));
      }, timeoutMs);
      void this.exited.then((exit) => {
        done();
        reject(new Error(`process exited (${JSON.stringify(exit)}) first; output:\n${this.output()}`));
      });
      this.logListeners.add(check);
      check();
    });
  }

  /** Sends `signal` and waits for the exit, killing the process if it overstays `timeoutMs`. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<Exit> {
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** For afterEach: never leave a process behind, whatever the test did. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  output(): string {
    return this.rawOutput.join('\n');
  }

  private record(line: string): void {
    this.rawOutput.push(line);
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && 'level' in parsed && 'message' in parsed) {
        this.logs.push(parsed as LogLine);
        this.logListeners.forEach((listener) => listener());
      }
    } catch {
      // Not a JSON log line (e.g. a Node warning); kept in rawOutput for failure messages.
    }
  }
}

/**
 * For a test file's `describe`: returns a function that starts the app at `appRoot` with extra
 * env, and registers an `afterEach` that kills whatever a test left running.
 */
export function appProcessFor(appRoot: string): (env: Record<string, string>) => AppProcess {
  const started: AppProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((app) => app.dispose()));
  });
  return (env) => {
    const app = new AppProcess({ appRoot, env });
    started.push(app);
    return app;
  };
}
