import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, err?: unknown): void;
}

/** Keys whose values must never reach a log line, whatever the caller passed. */
const SECRET_KEYS = /access.?key|password|secret|token|session/i;

export function redact(extra: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!extra) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}${err.stack ? `\n${err.stack}` : ''}`;
  return String(err);
}

/**
 * JSON-lines log file under the data home. Never stdout: the CLI prints data there, and the
 * headless shell prints its URL there.
 */
export function fileLogger(dir: string, name = 'connector.log'): Logger {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const write = (level: string, message: string, extra?: Record<string, unknown>) => {
    try {
      appendFileSync(file, `${JSON.stringify({ t: new Date().toISOString(), level, message, ...redact(extra) })}\n`);
    } catch {
      // A full disk must not turn logging into a crash of the operation being logged.
    }
  };
  return {
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, err) => write('error', m, err === undefined ? undefined : { error: describeError(err) }),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
