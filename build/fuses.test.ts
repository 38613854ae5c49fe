import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import afterPack from './fuses.cjs';

const context = (electronPlatformName: string) => ({
  appOutDir: '/out/app',
  electronPlatformName,
  arch: 1,
  packager: { appInfo: { productFilename: 'vtenext Mail Connector' }, executableName: 'vtenext-mail-connector' },
});

describe('build/fuses.cjs (security checklist item 19)', () => {
  it('turns off the fuses that hand out a Node or a debugger, and file:// powers', () => {
    for (const fuse of ['RunAsNode', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'GrantFileProtocolExtraPrivileges'] as const) {
      expect(afterPack.FUSES[fuse], fuse).toBe(false);
    }
  });

  it('turns on cookie encryption, asar integrity and asar-only loading', () => {
    for (const fuse of ['EnableCookieEncryption', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar'] as const) {
      expect(afterPack.FUSES[fuse], fuse).toBe(true);
    }
  });

  it('decides every V1 fuse explicitly (strictlyRequireAllFuses fails the build on new ones)', () => {
    expect(Object.keys(afterPack.FUSES).sort()).toEqual(
      [
        'EnableCookieEncryption',
        'EnableEmbeddedAsarIntegrityValidation',
        'EnableNodeCliInspectArguments',
        'EnableNodeOptionsEnvironmentVariable',
        'GrantFileProtocolExtraPrivileges',
        'LoadBrowserProcessSpecificV8Snapshot',
        'OnlyLoadAppFromAsar',
        'RunAsNode',
      ].sort(),
    );
    expect(Object.isFrozen(afterPack.FUSES)).toBe(true);
  });

  it('maps names through the library enum and refuses names it does not know', () => {
    const names = Object.keys(afterPack.FUSES);
    const enumLike = Object.fromEntries(names.map((n, i) => [n, i]));
    const config = afterPack.fuseConfig(enumLike, { V1: '1' }, { resetAdHocDarwinSignature: false });
    expect(config).toMatchObject({ version: '1', strictlyRequireAllFuses: true, [enumLike.RunAsNode!]: false, [enumLike.OnlyLoadAppFromAsar!]: true });
    const { RunAsNode: _dropped, ...incomplete } = enumLike;
    expect(() => afterPack.fuseConfig(incomplete, { V1: '1' }, { resetAdHocDarwinSignature: false })).toThrow(/does not know the fuse RunAsNode/);
  });

  it('finds the packaged executable on each platform', () => {
    expect(afterPack.executablePath(context('linux'))).toBe(join('/out/app', 'vtenext-mail-connector'));
    expect(afterPack.executablePath(context('win32'))).toBe(join('/out/app', 'vtenext Mail Connector.exe'));
    expect(afterPack.executablePath(context('darwin'))).toBe(join('/out/app', 'vtenext Mail Connector.app'));
    expect(() => afterPack.executablePath(context('plan9'))).toThrow(/unknown platform/);
  });

  it('fails the package step loudly while @electron/fuses is missing, rather than shipping unfused', async () => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve('@electron/fuses');
    } catch {
      installed = false;
    }
    if (installed) return; // the packaging issue installs it; then this failure mode no longer exists
    await expect(afterPack(context('linux'))).rejects.toThrow(/@electron\/fuses is not installed/);
  });
});
