/**
 * The sender process the crash harness kills: opens the app database, queues the mails it is
 * told about (a re-queue of a known mail is a no-op), drains, exits 0. Config: a JSON file path.
 */
import { readFileSync } from 'node:fs';
import { VtenextClient, nodeTransport } from '../../crm';
import { openDatabase } from '../../db/open';
import { silentLogger } from '../../log';
import { Spool } from '../../spool/spool';
import { appMigrations } from '../../store/migrations';
import { createOutbox } from '../outbox';
import { runChild } from '../../test-support/child-main';

export interface ChildConfig {
  appDb: string;
  spoolDir: string;
  webserviceUrl: string;
  userName: string;
  accessKey: string;
  timeZone: string;
  accountId: string;
  reconcile: boolean;
  jobs: { mailId: string; targets: string[] }[];
}

async function main(): Promise<number> {
  const cfg = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildConfig;
  const db = openDatabase(cfg.appDb, { migrations: appMigrations });
  const spool = new Spool(cfg.spoolDir);
  const client = new VtenextClient({ url: cfg.webserviceUrl, userName: cfg.userName, accessKey: async () => cfg.accessKey, transport: nodeTransport(), timeoutMs: 1_000 });
  const outbox = createOutbox({
    db,
    clientFor: () => client,
    spool: { pathOf: (sha) => spool.blobPath(sha) },
    log: silentLogger,
    timeZoneFor: () => cfg.timeZone,
    reconcile: cfg.reconcile,
    backoff: { baseMs: 10, maxMs: 100 },
    drainPatienceMs: 10_000,
    // Above the harness's longest injected server delay, so a killed sender's create settles first.
    createSettleMs: 500,
    // The harness reads these to know whether a kill struck while a job was in flight.
    observe: (_id, step) => process.stdout.write(`${step}\n`),
  });
  for (const j of cfg.jobs) outbox.enqueue({ accountId: cfg.accountId, mailId: j.mailId, targets: j.targets });
  const s = await outbox.drain();
  process.stdout.write('drained\n');
  db.close();
  return s.remaining === 0 ? 0 : 3;
}

runChild(main);
