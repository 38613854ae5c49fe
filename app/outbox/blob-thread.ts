import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the thread itself, so no bundler has to know about a second entry point.
// The file's bytes are handed back by transfer, not copied.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, path }) => {
  let b;
  try {
    b = readFileSync(path);
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.code) || e) });
    return;
  }
  const sha256 = createHash('sha256').update(b).digest('hex');
  const ab = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  parentPort.postMessage({ id, sha256, bytes: ab }, [ab]);
});
`;

/** The file's bytes and their SHA-256, or the error code of a file that could not be read. */
export type ReadAndHashed = { bytes: Uint8Array; sha256: string } | { unreadable: string };

type Reply = { id: number; error: string } | { id: number; sha256: string; bytes: ArrayBuffer };

/**
 * One thread for the process that reads a spooled file and hashes it, so that reading and
 * checking the next attachment (about 1 ms of CPU per MB) overlaps the current upload instead of
 * taking turns with it on the thread that drives the CRM requests. It holds the process open only
 * while a read is outstanding. If the thread cannot start or dies, the caller reads in-thread.
 */
class BlobThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: ReadAndHashed) => void; reject: (e: unknown) => void }>();

  read(path: string): Promise<ReadAndHashed> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise<ReadAndHashed>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) w.ref();
      w.postMessage({ id, path });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // No loaders or flags of the parent (tsx, inspectors): the source above needs none.
    const w = new Worker(SOURCE, { eval: true, execArgv: [] });
    w.unref();
    w.on('message', (m: Reply) => this.settle(m));
    const fail = (e: unknown) => {
      if (this.worker === w) this.worker = null;
      const all = [...this.waiting.values()];
      this.waiting.clear();
      for (const p of all) p.reject(e instanceof Error ? e : new Error(`blob thread exited (${String(e)})`));
    };
    w.on('error', fail);
    w.on('exit', fail);
    this.worker = w;
    return w;
  }

  private settle(m: Reply): void {
    const p = this.waiting.get(m.id);
    if (!p) return;
    this.waiting.delete(m.id);
    if (this.waiting.size === 0) this.worker?.unref();
    p.resolve('error' in m ? { unreadable: m.error } : { bytes: new Uint8Array(m.bytes), sha256: m.sha256 });
  }
}

let shared: BlobThread | null = null;

/** Reads `path` and its SHA-256 on the shared blob thread; rejects only if the thread fails. */
export function readAndHash(path: string): Promise<ReadAndHashed> {
  shared ??= new BlobThread();
  return shared.read(path);
}
