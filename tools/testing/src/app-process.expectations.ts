/**
 * What every app does as a process, asserted once: a clean stop on SIGTERM and a refused start
 * on a wrong env value. Each app's `test/process.spec.ts` adds what only it serves.
 */
import type { AppProcess } from './app-process';

/**
 * Sends SIGTERM and expects exit code 0 with the Lifecycle logger's "Shutting down on SIGTERM"
 * and, as the last line, "Shutdown complete". Returns the log as `context: message` lines for the
 * app's own checks (e.g. its listeners closing).
 */
export async function expectCleanShutdown(app: AppProcess, timeoutMs: number): Promise<string[]> {
  const exit = await app.stop('SIGTERM', timeoutMs);

  expect(exit).toEqual({ code: 0, signal: null });
  const messages = app.logs.map((line) => `${line.context}: ${line.message}`);
  expect(messages).toContain('Lifecycle: Shutting down on SIGTERM');
  expect(messages.at(-1)).toBe('Lifecycle: Shutdown complete');
  return messages;
}

/** Expects the process to stop by itself with exit code 1 and an error log line naming `variable`. */
export async function expectStartRefused(app: AppProcess, variable: string): Promise<void> {
  const exit = await app.exited;

  expect(exit).toEqual({ code: 1, signal: null });
  expect(app.logs).toContainEqual(
    expect.objectContaining({ level: 'error', message: expect.stringContaining(variable) }),
  );
}
