import { AppError } from '../errors';
import { parseFileInProcess } from './parse';
import { hashOnlySink, stagingSink } from './sink';
import type { ParseRequest, WorkerMessage } from './worker-protocol';

/**
 * Entry of the isolated parser process (child_process.fork). It parses one file per request
 * and answers over IPC. Libraries here may print (msgreader calls console.debug): the parent
 * starts this process with stdout ignored, and console output is sent to stderr as well, so
 * nothing can reach a CLI's JSON on stdout.
 */
for (const method of ['log', 'info', 'debug', 'warn', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  };
}

function send(msg: WorkerMessage): void {
  process.send?.(msg);
}

process.on('message', (req: ParseRequest) => {
  const sink = req.stagingDir ? stagingSink(req.stagingDir) : hashOnlySink();
  const t0 = performance.now();
  parseFileInProcess(req.path, req.limits, sink).then(
    (mail) => send({ type: 'result', id: req.id, ok: true, mail, stats: { ms: performance.now() - t0, maxRssKb: process.resourceUsage().maxRSS } }),
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
