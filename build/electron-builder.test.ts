import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder is not installed here (a later issue packages), so its config is checked as
 * text: the few settings whose loss would be a security or ABI bug must stay exactly as written.
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const yml = readFileSync(here('./electron-builder.yml'), 'utf8');
const topLevel = (key: string) => yml.match(new RegExp(`^${key}:\\s*(.*)$`, 'm'))?.[1]?.trim();
const listUnder = (key: string) => {
  const block = yml.split(new RegExp(`^${key}:\\s*$`, 'm'))[1] ?? '';
  const items: string[] = [];
  for (const line of block.split('\n').slice(1)) {
    const m = line.match(/^\s+-\s+"?([^"]*)"?\s*$/);
    if (m) items.push(m[1]!);
    else if (/^\S/.test(line)) break;
  }
  return items;
};

describe('build/electron-builder.yml', () => {
  it('never lets @electron/rebuild produce Node-ABI modules labelled as Electron (toolchain.md §6)', () => {
    expect(topLevel('npmRebuild')).toBe('false');
  });

  it('packs into an asar with native modules unpacked', () => {
    expect(topLevel('asar')).toBe('true');
    expect(listUnder('asarUnpack')).toEqual(['**/*.node']);
  });

  it('runs the fuse hook after packing, and the hook exists', () => {
    expect(topLevel('afterPack')).toBe('build/fuses.cjs');
    expect(existsSync(here('./fuses.cjs'))).toBe(true);
  });

  it('targets Windows, macOS and Linux', () => {
    for (const os of ['win', 'mac', 'linux']) expect(yml).toMatch(new RegExp(`^${os}:\\s*$`, 'm'));
  });

  it('packs built output only, never sources or source maps', () => {
    const files = listUnder('files');
    expect(files).toContain('!**/*.map');
    expect(files.filter((f) => !f.startsWith('!')).every((f) => f === 'package.json' || f.startsWith('dist/'))).toBe(true);
  });

  it('ships a small generated icon', () => {
    const icon = here('./icon.png');
    expect(readFileSync(icon).subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(statSync(icon).size).toBeLessThan(8 * 1024);
  });
});
