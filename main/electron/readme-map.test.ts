import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The README's maps (security checklist → test, desktop piece → test) name test files; each
 * name must be a test that exists, and every checklist row except #16 must name at least one.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const readme = readFileSync(join(here, 'README.md'), 'utf8');

function rows(heading: string): Array<{ item: string; tests: string[] }> {
  const section = readme.split(heading)[1]!.split(/\n## /)[0]!;
  return section
    .split('\n')
    .filter((l) => /^\| [^-|]/.test(l) && !/^\| (#|Piece|Check) /.test(l))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return { item: `${cells[1]} ${cells[2]}`, tests: [...(cells.at(-2) ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!) };
    });
}

function testFileFor(name: string): string | null {
  const candidates = [
    join(here, `${name}.test.ts`),
    join(repo, `${name}.test.ts`),
    join(repo, name),
    join(repo, 'renderer', 'palette', `${name.replace(/^renderer\/palette\//, '')}.test.ts`),
  ];
  return candidates.find((c) => existsSync(c)) ?? null;
}

describe('main/electron/README.md maps', () => {
  const checklist = rows('## Electron security checklist');
  const desktop = rows('## Desktop integration');

  it.each([...checklist, ...desktop].filter((r) => r.tests.length > 0).map((r) => [r.item, r.tests] as const))('%s → tests exist', (_item, tests) => {
    for (const t of tests) {
      if (t === 'e2e') continue; // the e2e files, checked below
      expect(testFileFor(t), t).not.toBeNull();
    }
  });

  it('every checklist item but #16 (Electron version, a release decision) names a test', () => {
    const untested = checklist.filter((r) => r.tests.length === 0).map((r) => r.item);
    expect(untested).toEqual([expect.stringMatching(/^16 /)]);
    expect(checklist.length).toBeGreaterThanOrEqual(19);
    expect(desktop.length).toBeGreaterThanOrEqual(10);
  });

  it('the e2e suites named there exist', () => {
    expect(existsSync(join(here, 'electron.e2e.test.ts'))).toBe(true);
    expect(existsSync(join(repo, 'e2e', 'electron', 'main-window.e2e.ts'))).toBe(true);
  });
});
