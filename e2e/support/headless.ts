import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface RunningShell {
  url: string;
  origin: string;
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built headless shell as its own process with a fresh CONNECTOR_HOME. */
export async function startBuiltHeadless(extraArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<RunningShell> {
  const entry = join(repoRoot, 'dist', 'headless', 'main.mjs');
  if (!existsSync(entry)) throw new Error('dist/headless/main.mjs is missing: run `npm run build` first');
  const home = mkdtempSync(join(tmpdir(), 'connector-e2e-'));
  const child = spawn(process.execPath, [entry, '--port', '0', '--home', home, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONNECTOR_HOME: home, ...extraEnv },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`headless shell did not start in 20 s: ${stderr}`)), 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^CONNECTOR_URL (\S+)$/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`headless shell exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    home,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
