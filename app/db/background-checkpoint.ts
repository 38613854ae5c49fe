import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the thread itself, so no bundler has to know about a second entry point.
// Its own connection to the same file; PASSIVE never waits for (or blocks) the writer.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const tick = () => {
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (r && r.checkpointed > 0) parentPort.postMessage({ type: 'checkpointed', frames: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  tick();
  db.close();
  parentPort.postMessage({ type: 'stopped' });
  parentPort.close();
});
`;

/** better-sqlite3's entry file, from an ES module (Node shells, tests) or the Electron main's CommonJS bundle (where import.meta is empty). */
function resolveSqlite(): string {
  const from = typeof import.meta.url === 'string' ? import.meta.url : typeof __filename === 'string' ? __filename : `${process.cwd()}/`;
  return createRequire(from).resolve('better-sqlite3');
}

export interface BackgroundCheckpointOptions {
  /** How often the thread copies the WAL back into the database file (default 250 ms). */
  intervalMs?: number;
  /** better-sqlite3's entry file, for a thread that cannot resolve packages itself (default: resolved here). */
  modulePath?: string;
  /** Told when the thread fails; the connection then checkpoints by itself again. */
  onError?: (message: string) => void;
  /** Told after each checkpoint that copied frames (tests). */
  onCheckpoint?: (frames: number) => void;
}

export interface BackgroundCheckpointer {
  /** Whether checkpoints still run on the thread (false after a failure fell back to the connection). */
  readonly active: boolean;
  /** Runs a last checkpoint and ends the thread; call before closing the connection. */
  stop(): Promise<void>;
}

/**
 * Moves a WAL database's checkpoints off the thread that writes it. With SQLite's automatic
 * checkpoint, a commit that crosses 1 000 WAL pages copies them into the database file and fsyncs,
 * in the committing thread: 10–20 ms stalls on these machines, several per 100 mails sent by the
 * outbox, and in the Electron main process a frozen window. Here the writer's connection stops
 * checkpointing (`wal_autocheckpoint = 0`) and a thread with its own connection runs PASSIVE
 * checkpoints every `intervalMs`. If the thread cannot start or dies, the connection's automatic
 * checkpoint is switched back on, so the WAL can never grow without bound.
 */
export function checkpointInBackground(db: Database.Database, file: string, opts: BackgroundCheckpointOptions = {}): BackgroundCheckpointer {
  const restore = () => db.pragma('wal_autocheckpoint = 1000');
  let active = true;
  let worker: Worker | undefined;
  const fail = (message: string) => {
    if (!active) return;
    active = false;
    if (db.open) restore();
    void worker?.terminate();
    opts.onError?.(message);
  };
  try {
    const modulePath = opts.modulePath ?? resolveSqlite();
    // No loaders or flags of the parent (tsx, inspectors): the source above needs none.
    worker = new Worker(SOURCE, { eval: true, execArgv: [], workerData: { file, modulePath, intervalMs: opts.intervalMs ?? 250 } });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
    return { active: false, stop: async () => undefined };
  }
  const w = worker;
  db.pragma('wal_autocheckpoint = 0');
  w.unref();
  let stopped: (() => void) | null = null;
  w.on('message', (m: { type: string; frames?: number; message?: string }) => {
    if (m.type === 'checkpointed') opts.onCheckpoint?.(m.frames ?? 0);
    else if (m.type === 'error') fail(m.message ?? 'checkpoint failed');
    else if (m.type === 'stopped') stopped?.();
  });
  w.on('error', (e) => fail(e.message));
  w.on('exit', (code) => {
    stopped?.();
    if (stopped === null) fail(`checkpoint thread exited (${code})`);
  });
  return {
    get active() {
      return active;
    },
    stop() {
      if (!active) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stopped = () => {
          active = false;
          resolve();
        };
        w.postMessage('stop');
      });
    },
  };
}
