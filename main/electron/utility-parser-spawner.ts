import { EventEmitter } from 'node:events';
import type { ParserChild, SpawnParser } from '../../app/mail/parser-child';
import type { ParseRequest } from '../../app/mail/worker-protocol';

export type { ParserChild, SpawnParser };

/**
 * Starts the isolated mail parser with Electron's utilityProcess instead of child_process.fork.
 * fork() re-runs the app binary with ELECTRON_RUN_AS_NODE, which the RunAsNode fuse turns off in
 * packaged builds (build/fuses.cjs); utilityProcess is the supported way to get a Node child
 * there (security-research §1, item 4).
 *
 * The result is the small part of ChildProcess that app/mail/parser-pool.ts uses (ParserChild);
 * main.ts hands this spawner to the core as `spawnParser`.
 */

/** The part of Electron's UtilityProcess used here. */
export interface UtilityProcessPort {
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface UtilityProcessModulePort {
  fork(
    modulePath: string,
    args: string[],
    options: { execArgv: string[]; stdio: ['ignore', 'ignore', 'pipe']; serviceName: string },
  ): UtilityProcessPort;
}

class UtilityParserChild extends EventEmitter implements ParserChild {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stderr: NodeJS.ReadableStream | null;

  constructor(private readonly child: UtilityProcessPort) {
    super();
    this.stderr = child.stderr;
    child.on('message', (message) => this.emit('message', message));
    child.on('exit', (code) => {
      this.exitCode = code;
      // utilityProcess reports no signal; a kill shows up as the code the OS gave.
      this.emit('exit', code, null);
    });
  }

  send(message: ParseRequest, callback: (err: Error | null) => void): boolean {
    if (this.exitCode !== null) {
      queueMicrotask(() => callback(new Error('the parser process has exited')));
      return false;
    }
    try {
      this.child.postMessage(message);
    } catch (err) {
      queueMicrotask(() => callback(err instanceof Error ? err : new Error(String(err))));
      return false;
    }
    queueMicrotask(() => callback(null));
    return true;
  }

  kill(): boolean {
    // utilityProcess.kill() takes no signal: it is SIGTERM on POSIX and TerminateProcess on Windows.
    return this.exitCode === null ? this.child.kill() : false;
  }
}

export function utilityParserSpawner(utilityProcess: UtilityProcessModulePort): SpawnParser {
  return (entry, opts) =>
    new UtilityParserChild(
      utilityProcess.fork(entry.path, [], {
        execArgv: opts.execArgv,
        // stdout ignored, as the fork() path does: library output must never reach a CLI's JSON.
        stdio: ['ignore', 'ignore', 'pipe'],
        serviceName: 'vtenext mail parser',
      }),
    );
}
