import { createAccounts } from '../accounts';
import type { CoreHandlers, EmitEvent } from '../api/handlers';
import { KeytarCredentialStore, type CredentialStore } from '../keychain';
import { createCrmHandlers, type DemoCrm } from './crm-handlers';
import { createMailHandlers } from './mail-handlers';
import { createOutboxHandlers, jobView, outboxStatus } from './outbox-handlers';
import { createOutbox, type Outbox } from '../outbox';
import { Spool } from '../spool/spool';
import { checkpointInBackground } from '../db/background-checkpoint';
import { openDatabase } from '../db/open';
import type { Logger } from '../log';
import { createMailIntake, type ParserWorkerEntry, type SpawnParser } from '../mail';
import { appPaths } from '../paths';
import { appMigrations } from '../store/migrations';
import { APP_NAME, APP_VERSION } from '../version';

export interface CoreDeps {
  /** Data home (see app/paths.ts); every file the core writes lives below it. */
  home: string;
  shell: 'electron' | 'headless';
  emit: EmitEvent;
  log: Logger;
  /** How to start the isolated mail-parser process; defaults to the TypeScript source under tsx. */
  workerEntry?: ParserWorkerEntry;
  /** Starts that process: Node's fork by default; the Electron shell passes a utilityProcess spawner. */
  spawnParser?: SpawnParser;
  /** The built-in demo CRM (the sandbox) and its demo user, when the shell started one. */
  demo?: DemoCrm;
  /** The OS keychain by default; tests of other layers may pass a MemoryCredentialStore. */
  credentials?: CredentialStore;
  locale?: 'en' | 'it';
  /** Run the outbox's background sender (default). The CLI drains explicitly instead; a paused app starts with it off. */
  sendInBackground?: boolean;
}

export interface Core {
  handlers: CoreHandlers;
  close(): Promise<void>;
}

/** The composition of the core's services. Each shell calls this once and owns the result. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const paths = appPaths(deps.home);
  const db = openDatabase(paths.appDb, { migrations: appMigrations });
  // The core runs on the Electron main thread: a commit must never wait for a checkpoint's fsync.
  const checkpoints = checkpointInBackground(db, paths.appDb, {
    onError: (message) => deps.log.warn('app database: checkpoints back on the writing thread', { message }),
  });
  const intake = createMailIntake({
    db,
    spoolDir: paths.spool,
    ...(deps.workerEntry ? { worker: deps.workerEntry } : {}),
    ...(deps.spawnParser ? { spawn: deps.spawnParser } : {}),
  });

  const accounts = createAccounts({
    db,
    credentials: deps.credentials ?? new KeytarCredentialStore(),
    cachesDir: paths.caches,
    onProgress: (accountId, p) =>
      deps.emit('sync.progress', {
        accountId,
        module: p.module,
        done: p.done,
        total: p.total,
        phase: p.phase === 'fill' || p.phase === 'delta' ? 'records' : p.phase,
      }),
  });

  const spool = new Spool(paths.spool);
  let paused = deps.sendInBackground === false;
  // Events arrive only after construction, so the closure below may refer to `outbox`.
  const outbox: Outbox = createOutbox({
    db,
    clientFor: (id) => accounts.client(id),
    spool: { pathOf: (sha) => spool.blobPath(sha) },
    log: deps.log,
    emit: (e) => {
      if (e.type === 'job') deps.emit('outbox.job', jobView(accounts, e.job));
      if (e.type === 'job' || e.type === 'online') deps.emit('outbox.status', outboxStatus(outbox, paused));
    },
  });
  if (!paused) outbox.start();
  const sender = {
    paused: () => paused,
    async setPaused(next: boolean) {
      if (next === paused) return;
      paused = next;
      if (paused) await outbox.stop();
      else outbox.start();
      deps.emit('outbox.status', outboxStatus(outbox, paused));
    },
  };

  const handlers: CoreHandlers = {
    ...createCrmHandlers({ accounts, intake, emit: deps.emit, demo: deps.demo ?? null }),
    ...createOutboxHandlers({
      db,
      accounts,
      intake,
      outbox,
      sender,
      uploadLimit: async (id) => {
        try {
          return await outbox.uploadLimit(id);
        } catch {
          return null; // offline or signed out: the sender checks again before uploading
        }
      },
    }),
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, shell: deps.shell, locale: deps.locale ?? 'en' }),
    ...createMailHandlers({ intake, emit: deps.emit }),
  };

  return {
    handlers,
    async close() {
      await outbox.stop();
      await accounts.close();
      await intake.close();
      await checkpoints.stop();
      db.close();
    },
  };
}
