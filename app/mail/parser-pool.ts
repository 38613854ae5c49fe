import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorCode } from '../contract/result';
import { AppError } from '../errors';
import type { MailLimits } from './limits';
import type { NormalisedMail } from './model';
import type { ParseRequest, ParseStats, WorkerMessage } from './worker-protocol';
import { forkParser, type ParserChild, type SpawnParser } from './parser-child';

/** How to start the isolated parser process. */
export interface ParserWorkerEntry {
  path: string;
  execArgv: string[];
}

/** The TypeScript worker run under tsx (dev and tests); a built app passes its bundled .mjs. */
export function defaultWorkerEntry(): ParserWorkerEntry {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { path: fileURLToPath(new URL('./worker.ts', import.meta.url)), execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

const STARTUP_TIMEOUT_MS = 30_000;
const STDERR_TAIL = 4096;
const RECYCLE_AFTER = 500;

export interface MeasuredParse {
  mail: NormalisedMail;
  stats: ParseStats;
}

interface Job {
  path: string;
  stagingDir: string | null;
  limits: MailLimits;
  resolve(result: MeasuredParse): void;
  reject(e: unknown): void;
}

interface Slot {
  child: ParserChild;
  ready: Promise<void>;
  stderr: string;
  heapMb: number;
  served: number;
}

export interface ParserPool {
  parse(path: string, limits: MailLimits, stagingDir: string | null): Promise<NormalisedMail>;
  /** The same, with time and peak memory measured inside the parser process. */
  parseMeasured(path: string, limits: MailLimits, stagingDir: string | null): Promise<MeasuredParse>;
  /** Processes started so far (a replacement after a crash or timeout counts). */
  readonly started: number;
  close(): Promise<void>;
}

/**
 * Runs parses in separate OS processes with a heap cap and a kill timer. Worker threads are not
 * enough: ArrayBuffers escape their heap limit and some out-of-memory paths abort the whole
 * process (security-research §0.1). A process that times out or dies is replaced on next use.
 */
export function createParserPool(opts: {
  worker: ParserWorkerEntry;
  size?: number;
  spawn?: SpawnParser;
  /**
   * Measurement pools only (benchmarks, memory tests): the parser process collects its garbage
   * before each parse, so every parse's peak RSS is measured from the same clean heap whatever
   * ran before it.
   */
  gcBeforeParse?: boolean;
}): ParserPool {
  const spawnChild = opts.spawn ?? forkParser;
  const size = Math.max(1, opts.size ?? 1);
  const slots: Array<Slot | null> = new Array<Slot | null>(size).fill(null);
  const busy = new Array<boolean>(size).fill(false);
  const queue: Job[] = [];
  let started = 0;
  let closed = false;
  let nextId = 1;

  const spawn = (heapMb: number): Slot => {
    started++;
    const child = spawnChild(opts.worker, {
      // A small young generation makes V8 scavenge often, so the many short-lived Buffers of a
      // streamed attachment are freed as they go: a 25 MB .eml peaked at 2.3-2.9x its size
      // without this and 1.0-1.8x with it (memory.test.ts, same machine, same hour).
      execArgv: [...opts.worker.execArgv, `--max-old-space-size=${heapMb}`, '--max-semi-space-size=2', ...(opts.gcBeforeParse ? ['--expose-gc'] : [])],
    });
    const slot: Slot = { child, stderr: '', heapMb, served: 0, ready: Promise.resolve() };
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString('utf8')).slice(-STDERR_TAIL);
    });
    slot.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new AppError('INTERNAL', 'the mail parser process did not start'));
      }, STARTUP_TIMEOUT_MS);
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new AppError('INTERNAL', `the mail parser process exited during start (${code ?? signal})`, { stderr: slot.stderr.slice(-500) }));
      });
    });
    // A rejected start is reported through the job that awaited it.
    slot.ready.catch(() => undefined);
    return slot;
  };

  const discard = (i: number) => {
    const slot = slots[i];
    slots[i] = null;
    if (slot && slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
  };

  const run = async (i: number, job: Job): Promise<MeasuredParse> => {
    let slot = slots[i];
    if (!slot || slot.child.exitCode !== null || slot.heapMb !== job.limits.maxHeapMb) {
      if (slot) discard(i);
      slot = spawn(job.limits.maxHeapMb);
      slots[i] = slot;
    }
    try {
      await slot.ready;
    } catch (e) {
      discard(i);
      throw closed ? new AppError('CANCELLED', 'the mail parser was shut down') : e;
    }
    if (closed) throw new AppError('CANCELLED', 'the mail parser was shut down');
    const id = nextId++;
    const child = slot.child;
    const s = slot;
    return new Promise<MeasuredParse>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        fn();
      };
      const timer = setTimeout(() => {
        finish(() => {
          discard(i);
          reject(new AppError('MAIL_TIMEOUT', `parsing took longer than ${job.limits.timeoutMs} ms`, { timeoutMs: job.limits.timeoutMs }));
        });
      }, job.limits.timeoutMs);
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'result' || m.id !== id) return;
        finish(() => {
          // A long-lived process keeps the high-water mark of its largest mail: start afresh now and then.
          if (++s.served >= RECYCLE_AFTER) discard(i);
          if (m.ok) resolve({ mail: m.mail, stats: m.stats });
          else reject(new AppError(m.error.code as ErrorCode, m.error.message, m.error.details));
        });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        finish(() => {
          slots[i] = null;
          if (closed) {
            reject(new AppError('CANCELLED', 'the mail parser was shut down'));
            return;
          }
          const oom = /heap out of memory|Allocation failed|Invalid array length|out of memory/i.test(s.stderr) || code === 134 || signal === 'SIGABRT';
          reject(
            oom
              ? new AppError('MAIL_TOO_COMPLEX', 'parsing this mail needs more memory than allowed', { maxHeapMb: job.limits.maxHeapMb })
              : new AppError('MALFORMED_MAIL', `the mail parser crashed on this file (${code ?? signal})`),
          );
        });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      const req: ParseRequest = { id, path: job.path, limits: job.limits, stagingDir: job.stagingDir };
      child.send(req, (err) => {
        if (err) finish(() => {
          discard(i);
          reject(new AppError('INTERNAL', `could not reach the mail parser process: ${err.message}`));
        });
      });
    });
  };

  const pump = () => {
    for (let i = 0; i < size && queue.length > 0; i++) {
      if (busy[i]) continue;
      const job = queue.shift()!;
      busy[i] = true;
      run(i, job)
        .then(job.resolve, job.reject)
        .finally(() => {
          busy[i] = false;
          if (!closed) pump();
        });
    }
  };

  return {
    get started() {
      return started;
    },
    parseMeasured(path, limits, stagingDir) {
      if (closed) return Promise.reject(new AppError('CANCELLED', 'the mail parser was shut down'));
      return new Promise<MeasuredParse>((resolve, reject) => {
        queue.push({ path, limits, stagingDir, resolve, reject });
        pump();
      });
    },
    async parse(path, limits, stagingDir) {
      return (await this.parseMeasured(path, limits, stagingDir)).mail;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new AppError('CANCELLED', 'the mail parser was shut down'));
      const exits = slots.map((slot, i) => {
        if (!slot) return Promise.resolve();
        const done = new Promise<void>((r) => {
          if (slot.child.exitCode !== null || slot.child.signalCode !== null) r();
          else slot.child.once('exit', () => r());
        });
        discard(i);
        return done;
      });
      await Promise.all(exits);
    },
  };
}
