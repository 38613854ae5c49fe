/** The CLI as other processes use it: spawn, wait for SANDBOX_READY, talk to the URL. */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { permScenario } from './test-support/perm-scenario';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runCli(args: string[]): Promise<{ url: string; lines: string[]; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const l of parts) {
        lines.push(l);
        const m = /^SANDBOX_READY (\S+)$/.exec(l);
        if (m?.[1]) {
          resolve({
            url: m[1],
            lines,
            stop: () => new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
          });
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

describe('npm run sandbox', () => {
  it('serves a scenario file, prints users and SANDBOX_READY, writes --ids-out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
    try {
      const scenarioFile = path.join(dir, 'scenario.json');
      writeFileSync(scenarioFile, JSON.stringify(permScenario()));
      const idsOut = path.join(dir, 'ids-out.json');
      const cli = await runCli(['--scenario', scenarioFile, '--port', '0', '--ids-out', idsOut, '--control']);
      try {
        expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(cli.lines.filter((l) => l.startsWith('user '))).toHaveLength(8);
        expect(cli.lines).toContain('user a1 accesskey key-a10000000000 password pw-a1');
        const ids = JSON.parse(readFileSync(idsOut, 'utf8')) as Record<string, string>;
        expect(Object.keys(ids)).toEqual(expect.arrayContaining(['acc_a1', 'user:a1', 'group:g_direct']));
        const ch = (await (await fetch(`${cli.url}webservice.php?operation=getchallenge&username=a1`)).json()) as { success: boolean };
        expect(ch.success).toBe(true);
        expect((await fetch(`${cli.url}_control/state`)).status).toBe(200);
      } finally {
        expect(await cli.stop()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the large benchmark company with generated records', async () => {
    const cli = await runCli(['--port', '0', '--scenario', 'large', '--generate', '2000']);
    try {
      const admin = cli.lines.map((l) => /^user admin accesskey (\S+)/.exec(l)).find(Boolean);
      expect(admin).toBeTruthy();
      expect(cli.lines.filter((l) => l.startsWith('user ')).length).toBe(52);
    } finally {
      await cli.stop();
    }
  });

  it('serves the built-in demo company when given no scenario', async () => {
    const cli = await runCli(['--port', '0']);
    try {
      expect(cli.lines.some((l) => l.includes('built-in demo company'))).toBe(true);
      expect(cli.lines.filter((l) => l.startsWith('user ')).length).toBeGreaterThanOrEqual(8);
    } finally {
      await cli.stop();
    }
  });
});
