/**
 * Writes a large benchmark database that `npm run sandbox -- --db <file>` then serves:
 *   npx tsx sandbox/data/generate-cli.ts --db big.db [--records 1000000] [--module Contacts] [--agents 45]
 */
import { existsSync } from 'node:fs';
import { openDb } from '../core/db';
import { Store } from '../core/store';
import { loadScenario } from '../core/scenario';
import { largeScenario, generateRecords } from './generate';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = arg('--db');
if (!file) throw new Error('--db <file> is required');
if (existsSync(file)) throw new Error(`${file} exists; the generator only writes new databases`);
const records = Number(arg('--records') ?? 100_000);
const module = (arg('--module') ?? 'Contacts') as 'Contacts' | 'Accounts' | 'Leads';
const t0 = Date.now();
const store = new Store(openDb(file));
loadScenario(store, largeScenario({ agents: Number(arg('--agents') ?? 45) }));
generateRecords(store, { module, records });
store.db.close();
console.log(`wrote ${records} ${module} to ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
