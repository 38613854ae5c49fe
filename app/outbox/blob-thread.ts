import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the thread itself, so no bundler has to know about a second entry point.
// The file's bytes land in the caller's shared buffer when they fit (nothing crosses back but the
// length), else in a new buffer handed back by transfer, not copied.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, fstatSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, path, into }) => {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const inPlace = into !== undefined && into.byteLength >= size;
    const ab = inPlace ? into : new ArrayBuffer(size);
    const view = new Uint8Array(ab, 0, size);
    let n = 0;
    for (let r = 1; n < size && r > 0; n += r) r = readSync(fd, view, n, size - n, n);
    const sha256 = createHash('sha256').update(view.subarray(0, n)).digest('hex');
    if (inPlace) parentPort.postMessage({ id, sha256, length: n });
    else parentPort.postMessage({ id, sha256, bytes: ab, length: n }, [ab]);
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.code) || e) });
  } finally {
    if (fd !== -1) closeSync(fd);
  }
});
`;

/** The file's bytes and their SHA-256, or the error code of a file that could not be read. */
export type ReadAndHashed = { bytes: Uint8Array; sha256: string } | { unreadable: string };

type Reply = { id: number; error: string } | { id: number; sha256: string; bytes?: ArrayBuffer; length: number };

/**
 * One thread for the process that reads a spooled file and hashes it, so that reading and
 * checking the next attachment (about 1 ms of CPU per MB) overlaps the current upload instead of
 * taking turns with it on the thread that drives the CRM requests. It holds the process open only
 * while a read is outstanding. If the thread cannot start or dies, the caller reads in-thread.
 */
class BlobThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: ReadAndHashed) => void; reject: (e: unknown) => void; into: SharedArrayBuffer | undefined }>();

  read(path: string, into?: SharedArrayBuffer): Promise<ReadAndHashed> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise<ReadAndHashed>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, into });
      if (this.waiting.size === 1) w.ref();
      w.postMessage({ id, path, into });
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
    if ('error' in m) return p.resolve({ unreadable: m.error });
    const buffer = m.bytes ?? p.into;
    if (!buffer) return p.reject(new Error('blob thread answered without the bytes'));
    p.resolve({ bytes: new Uint8Array(buffer, 0, m.length), sha256: m.sha256 });
  }
}

let shared: BlobThread | null = null;

/**
 * Reads `path` and its SHA-256 on the shared blob thread: into `into` when the file fits (the
 * caller must not read that buffer until this settles, nor hand it out twice), else into a new
 * buffer. Rejects only if the thread fails.
 */
export function readAndHash(path: string, into?: SharedArrayBuffer): Promise<ReadAndHashed> {
  shared ??= new BlobThread();
  return shared.read(path, into);
}
