import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../errors';
import { parseFileInProcess } from './parse';
import { hashOnlySink, stagingSink } from './sink';
import type { ParseRequest, WorkerMessage } from './worker-protocol';

/**
 * Entry of the isolated parser process (child_process.fork, or Electron's utilityProcess in the
 * packaged app). It parses one file per request and answers over IPC. Libraries here may print (msgreader calls console.debug): the parent
 * starts this process with stdout ignored, and console output is sent to stderr as well, so
 * nothing can reach a CLI's JSON on stdout.
 */
for (const method of ['log', 'info', 'debug', 'warn', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  };
}

function procStatusKb(field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Linux: "5" resets the peak-RSS mark, so each parse's own peak can be read afterwards. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Present when Electron's utilityProcess started us: its channel replaces Node's IPC. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
}

function onRequest(listener: (req: ParseRequest) => void): void {
  if (parentPort) parentPort.on('message', (e) => listener(e.data as ParseRequest));
  else process.on('message', (req: ParseRequest) => listener(req));
}

// Only a measurement pool starts us with --expose-gc (see createParserPool's gcBeforeParse).
const collectGarbage = (globalThis as { gc?: () => void }).gc;

onRequest((req) => {
  const sink = req.stagingDir ? stagingSink(req.stagingDir) : hashOnlySink();
  collectGarbage?.();
  const peakReset = resetPeakRss();
  const rssBeforeKb = procStatusKb('VmRSS') ?? Math.round(process.memoryUsage().rss / 1024);
  const t0 = performance.now();
  parseFileInProcess(req.path, req.limits, sink).then(
    (mail) => {
      const peakRssKb = (peakReset ? procStatusKb('VmHWM') : null) ?? process.resourceUsage().maxRSS;
      send({ type: 'result', id: req.id, ok: true, mail, stats: { ms: performance.now() - t0, rssBeforeKb, peakRssKb } });
    },
    (e: unknown) => {
      const error =
        e instanceof AppError
          ? e.toShape()
          : e instanceof RangeError
            ? { code: 'MAIL_TOO_LARGE' as const, message: `the file declares impossible sizes: ${e.message}` }
            : { code: 'MALFORMED_MAIL' as const, message: e instanceof Error ? e.message : String(e) };
      send({ type: 'result', id: req.id, ok: false, error });
    },
  );
});

process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
