import { DEFAULT_LIMITS } from '../../app/mail/limits';
import type { ParseRequest } from '../../app/mail/worker-protocol';
import { describe, expect, it } from 'vitest';
import { createElectronStandIn } from './test-support/electron-stand-in';
import { utilityParserSpawner } from './utility-parser-spawner';

const entry = { path: '/app/resources/app.asar/dist/node/mail-worker.mjs', execArgv: [] };

const request: ParseRequest = { id: 1, path: '/x.eml', limits: DEFAULT_LIMITS, stagingDir: null };

describe('utilityParserSpawner (against the stand-in utilityProcess)', () => {
  const setup = () => {
    const electron = createElectronStandIn();
    const child = utilityParserSpawner(electron.utilityProcess)(entry, { execArgv: ['--max-old-space-size=256'] });
    const [up] = electron.utilityProcess.forked;
    return { child, up: up! };
  };

  it('forks the worker with the heap cap, stdout ignored, stderr piped, a named service', () => {
    const { up } = setup();
    expect(up.modulePath).toBe(entry.path);
    expect(up.options).toEqual({ execArgv: ['--max-old-space-size=256'], stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'vtenext mail parser' });
  });

  it('behaves like the ChildProcess the pool uses: messages both ways, send callback, stderr', async () => {
    const { child, up } = setup();
    const got: unknown[] = [];
    const onMessage = (m: unknown) => got.push(m);
    child.on('message', onMessage);
    up.reply({ type: 'ready' });
    const sent = await new Promise<Error | null>((resolve) => child.send(request, resolve));
    expect(sent).toBeNull();
    expect(up.posted).toEqual([request]);
    child.off('message', onMessage);
    up.reply({ type: 'result', id: 1 });
    expect(got).toEqual([{ type: 'ready' }]);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    up.stderr.write('FATAL ERROR: heap out of memory');
    await new Promise((r) => setImmediate(r));
    expect(err).toContain('heap out of memory');
  });

  it('exit sets exitCode, reports (code, null), and later sends fail through the callback', async () => {
    const { child, up } = setup();
    const exits: unknown[] = [];
    child.once('exit', (code, signal) => exits.push([code, signal]));
    expect(child.exitCode).toBeNull();
    up.exit(134);
    expect(exits).toEqual([[134, null]]);
    expect(child.exitCode).toBe(134);
    expect(child.signalCode).toBeNull();
    const err = await new Promise<Error | null>((resolve) => child.send(request, resolve));
    expect(err?.message).toMatch(/exited/);
    expect(child.kill('SIGKILL')).toBe(false);
  });

  it('kill reaches the utility process while it runs', () => {
    const { child, up } = setup();
    expect(child.kill('SIGKILL')).toBe(true);
    expect(up.killed).toBe(true);
  });
});
