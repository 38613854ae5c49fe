import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The config checked as text: the few settings whose loss would be a security or ABI bug must
 * stay exactly as written. (packed-layout-check.test.ts runs electron-builder itself.)
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
    // Positive patterns: the manifest, built output, and the re-included compiled native modules.
    const positive = files.filter((f) => !f.startsWith('!'));
    expect(positive.filter((f) => f !== 'package.json' && !f.startsWith('dist/') && !/^node_modules\/[\w-]+\/build\/Release\/\w+\.node$/.test(f))).toEqual([]);
  });

  it('offers "Open with" for .eml and .msg as an alternative handler, never the owner', () => {
    const block = yml.split(/^fileAssociations:\s*$/m)[1]!.split(/^\S/m)[0]!;
    expect(block.match(/ext: (\w+)/g)).toEqual(['ext: eml', 'ext: msg']);
    expect(block.match(/rank: Alternate/g)).toHaveLength(2);
    expect(block).toContain('mimeType: message/rfc822');
  });

  it('macOS hardened runtime with the JIT entitlement only', () => {
    expect(yml).toMatch(/^\s+entitlements: build\/entitlements\.mac\.plist$/m);
    const plist = readFileSync(here('./entitlements.mac.plist'), 'utf8');
    expect(plist.match(/<key>[^<]+<\/key>/g)).toEqual(['<key>com.apple.security.cs.allow-jit</key>']);
  });

  it('ships a small generated icon', () => {
    const icon = here('./icon.png');
    expect(readFileSync(icon).subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(statSync(icon).size).toBeLessThan(8 * 1024);
  });
});
