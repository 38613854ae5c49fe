import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../app/contract/result';
import { APP_ENTRY_URL } from './app-origin';
import { secureHandle } from './secure-handle';
import { createElectronStandIn, standInFrame } from './test-support/electron-stand-in';

function setup(fn: (message: { n: number }) => Promise<Result<unknown>> = async (m) => ok(m.n * 2)) {
  const electron = createElectronStandIn();
  const warnings: string[] = [];
  const errors: unknown[] = [];
  const calls: unknown[] = [];
  const log = { warn: (m: string) => void warnings.push(m), error: (_m: string, err?: unknown) => void errors.push(err) };
  const remove = secureHandle(
    electron,
    'test:double',
    z.object({ n: z.number() }).strict(),
    async (message) => {
      calls.push(message);
      return fn(message);
    },
    log,
  );
  return { electron, warnings, errors, calls, remove };
}

const top = standInFrame({ url: APP_ENTRY_URL });

describe('secureHandle (checklist item 17)', () => {
  it('runs the handler for the app top frame with a valid message', async () => {
    const { electron, calls } = setup();
    expect(await electron.ipcMain.invokeFrom(top, 'test:double', { n: 21 })).toEqual({ ok: true, value: 42 });
    expect(calls).toEqual([{ n: 21 }]);
  });

  it.each([
    ['a null senderFrame', null],
    ['a sub-frame', standInFrame({ url: APP_ENTRY_URL, parent: top })],
    ['https://evil', standInFrame({ url: 'https://evil/' })],
    ['the lookalike origin', standInFrame({ url: 'https://app.example.com.attacker.com/' })],
    ['a detached frame', standInFrame({ url: APP_ENTRY_URL, detached: true })],
  ])('rejects %s before parsing or running anything', async (_label, frame) => {
    const { electron, calls, warnings } = setup();
    const result = await electron.ipcMain.invokeFrom(frame, 'test:double', { n: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(calls).toEqual([]);
    expect(warnings).toEqual(['IPC from an untrusted frame refused']);
  });

  it.each([[undefined], [null], [{ n: 'x' }], [{ n: 1, extra: true }], ['{"n":1}']])('rejects the malformed message %j', async (message) => {
    const { electron, calls } = setup();
    expect(await electron.ipcMain.invokeFrom(top, 'test:double', message)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into INTERNAL without leaking its message', async () => {
    const { electron, errors } = setup(async () => {
      throw new Error('secret detail /home/user/.ssh');
    });
    const result = await electron.ipcMain.invokeFrom(top, 'test:double', { n: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(errors).toHaveLength(1);
  });

  it('returns a function that removes the handler', () => {
    const { electron, remove } = setup();
    expect(electron.ipcMain.handlers.has('test:double')).toBe(true);
    remove();
    expect(electron.ipcMain.handlers.has('test:double')).toBe(false);
  });
});
