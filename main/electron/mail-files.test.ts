import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMailFileName, mailFilesFromArgv } from './mail-files';

describe('isMailFileName', () => {
  it.each([
    ['Offer.eml', true],
    ['RE Offer.MSG', true],
    ['winmail.dat', true],
    ['x.tnef', true],
    ['report.pdf', false],
    ['.eml', false],
    ['~$Offer.msg', false],
    ['._Offer.eml', false],
    ['Offer.eml.part', false],
    ['/tmp/a/Offer.eml', true],
  ])('%s → %s', (name, expected) => {
    expect(isMailFileName(name)).toBe(expected);
  });
});

describe('mailFilesFromArgv', () => {
  const cwd = resolve('/home/u/Downloads');

  it.each<[string, string[], boolean, string[]]>([
    ['packaged, one file', ['/opt/app/connector', '/home/u/Offer.eml'], true, ['/home/u/Offer.eml']],
    ['dev run skips the app path', ['/usr/bin/electron', '.', 'Offer.msg'], false, [join(cwd, 'Offer.msg')]],
    ['relative paths resolve against the launch directory', ['/opt/app/connector', '../a.eml', 'sub/b.msg'], true, [resolve(cwd, '../a.eml'), join(cwd, 'sub/b.msg')]],
    ['Chromium and our switches are skipped', ['/opt/app/connector', '--hidden', '--allow-file-access-from-files', '--original-process-start-time=1', '/x/a.eml'], true, ['/x/a.eml']],
    ['after -- a dash-name is a file', ['/opt/app/connector', '--', '-odd.eml'], true, [join(cwd, '-odd.eml')]],
    ['non-mail files and URLs are ignored', ['/opt/app/connector', '/x/a.pdf', 'https://evil.example/a.eml', 'vtenext://x.eml'], true, []],
    ['duplicates collapse', ['/opt/app/connector', '/x/a.eml', '/x/a.eml'], true, ['/x/a.eml']],
    ['no files', ['/opt/app/connector'], true, []],
  ])('%s', (_name, argv, isPackaged, expected) => {
    expect(mailFilesFromArgv(argv, { workingDirectory: cwd, isPackaged })).toEqual(expected);
  });

  it('a file:// URL from a Linux file manager becomes its path', () => {
    const path = resolve('/home/u/My Mail/Offer ü.eml');
    expect(mailFilesFromArgv(['/opt/app/connector', pathToFileURL(path).href], { workingDirectory: cwd, isPackaged: true })).toEqual([path]);
  });
});
