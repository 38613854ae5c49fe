import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.mjs; these tests prove they fire on real violations
// (and stay quiet on allowed imports), so a config edit cannot silently switch them off.
const root = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries (ESLint)', () => {
  it('app/ may not import electron, the renderer, the shells or the sandbox', async () => {
    expect(await restrictedImports('app/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('app/core/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;\n")).toHaveLength(1);
    expect(await restrictedImports('app/core/x.ts', "import { x } from '../../main/headless/server';\nexport const a = x;\n")).toHaveLength(1);
    expect(await restrictedImports('app/core/x.ts', "import { startSandbox } from '../../sandbox';\nexport const a = startSandbox;\n")).toHaveLength(1);
    expect(await restrictedImports('app/core/x.ts', "import { openDatabase } from '../db/open';\nexport const a = openDatabase;\n")).toEqual([]);
  });

  it('the renderer may import only the contract from app/, and no Node or Electron', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).not.toHaveLength(0);
    expect(await restrictedImports('renderer/src/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n")).not.toHaveLength(0);
    expect(await restrictedImports('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { createCore } from '../../app/core';\nexport const a = createCore;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { AppError } from '../../app/errors';\nexport const a = AppError;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { calls } from '../../app/contract/api';\nexport const a = calls;\n")).toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { App } from './App';\nexport const a = App;\n")).toEqual([]);
  });

  it('the sandbox shares no code with the client', async () => {
    expect(await restrictedImports('sandbox/server/x.ts', "import { AppError } from '../../app/errors';\nexport const a = AppError;\n")).toHaveLength(1);
  });

  it('the Electron security rules are active for the shell', async () => {
    const code = "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true } });\n";
    const [result] = await eslint.lintText(code, { filePath: resolve(root, 'main/electron/bad-window.ts') });
    const rules = new Set((result?.messages ?? []).map((m) => m.ruleId));
    expect(rules.has('electron-security/no-context-isolation-disabled')).toBe(true);
  });
});
