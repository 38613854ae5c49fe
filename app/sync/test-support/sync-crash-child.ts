/**
 * The sync process the crash test kills: opens the account's real cache file, runs one SyncEngine
 * pass against the CRM, prints "done", exits 0. Every progress event is one stdout line
 * ("<phase> <module> <done>") so the parent knows whether a kill struck mid-fill.
 * Config: a JSON file path (argv[2]).
 */
import { readFileSync } from 'node:fs';
import { openCacheDb } from '../../cache/cache-file';
import { CacheStore } from '../../cache/cache-store';
import { VtenextClient, nodeTransport } from '../../crm';
import { SyncEngine } from '../sync-engine';
import { runChild } from '../../test-support/child-main';

export interface SyncChildConfig {
  cachesDir: string;
  url: string;
  userName: string;
  accessKey: string;
  pageSize: number;
  reconcile: boolean;
}

async function main(): Promise<number> {
  const cfg = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as SyncChildConfig;
  const cache = new CacheStore(openCacheDb(cfg.cachesDir, cfg.url, cfg.userName));
  const crm = new VtenextClient({ url: cfg.url, userName: cfg.userName, accessKey: async () => cfg.accessKey, transport: nodeTransport(), timeoutMs: 10_000 });
  const engine = new SyncEngine({ crm, cache, pageSize: cfg.pageSize, onProgress: (p) => process.stdout.write(`${p.phase} ${p.module} ${p.done}\n`) });
  const report = await engine.run({ reconcile: cfg.reconcile });
  cache.close();
  const failed = report.modules.filter((m) => m.error !== null);
  process.stdout.write(`done ${JSON.stringify(failed)}\n`);
  return failed.length === 0 ? 0 : 3;
}

runChild(main);
