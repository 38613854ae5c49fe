/** Prints the conformance figure and the first differences: npx tsx sandbox/conformance/run.ts [dir] [--lenient] [--all] [--without-record-meta] */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance } from './runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? path.resolve(here, '../../../shared/crm-transcripts/acme');
const results = await runConformance(dir, { lenient: args.includes('--lenient'), withoutRecordMeta: args.includes('--without-record-meta') });
const bad = results.filter((r) => !r.ok);
for (const r of bad.slice(0, args.includes('--all') ? bad.length : 15)) {
  console.log(`--- ${r.user}#${r.seq} ${r.label}`);
  const e = r.expected;
  const a = r.actual;
  let i = 0;
  while (i < e.length && e[i] === a[i]) i++;
  console.log('  expected:', e.slice(Math.max(0, i - 150), i + 250));
  console.log('  actual:  ', a.slice(Math.max(0, i - 150), i + 250));
}
console.log(`${results.length - bad.length} of ${results.length} exchanges match`);
