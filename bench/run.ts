import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type Benchmark, type Measurement } from './harness';

/** Runs every `bench/*.bench.ts` (or those whose name contains argv[2]) and records the results. */
async function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const filter = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const all: Measurement[] = [];
  for (const file of files) {
    // eslint-disable-next-line no-unsanitized/method -- the path is one of our own bench/*.bench.ts files listed above
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark };
    process.stderr.write(`running ${mod.default.name} (${file})…\n`);
    const rows = await mod.default.run();
    all.push(...rows);
  }
  process.stdout.write(`${formatTable(all)}\n`);
  const out = join(here, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
