import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED = resolve(repoRoot, '../shared');
export const CORPUS = join(SHARED, 'corpus');
export const corpusPresent = existsSync(join(CORPUS, 'MANIFEST.tsv'));

export interface ManifestRow {
  path: string;
  format: string;
  size: number;
  features: string[];
}

export function manifest(): ManifestRow[] {
  return readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map((c) => ({ path: c[0]!, format: c[4]!, size: Number(c[5]), features: (c[6] ?? '').split(';') }));
}

/** Runs `fn` over `items` with `n` in flight, so per-item timings exclude queueing. */
export async function mapLimit<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
