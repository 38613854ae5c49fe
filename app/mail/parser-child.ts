import { fork } from 'node:child_process';
import type { ParseRequest, WorkerMessage } from './worker-protocol';

/**
 * The part of a child process the parser pool uses. Node's `fork()` gives one; the Electron shell
 * passes a spawner built on `utilityProcess` instead, because packaged builds turn off the
 * RunAsNode fuse that `fork()` of the Electron binary needs.
 */
export interface ParserChild {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stderr: NodeJS.ReadableStream | null;
  on(event: 'message', listener: (message: WorkerMessage) => void): this;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  off(event: 'message', listener: (message: WorkerMessage) => void): this;
  off(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  send(message: ParseRequest, callback: (err: Error | null) => void): boolean;
  kill(signal?: NodeJS.Signals): boolean;
}

export interface ParserEntry {
  path: string;
  execArgv: string[];
}

export type SpawnParser = (entry: ParserEntry, opts: { execArgv: string[] }) => ParserChild;

/** Node's own: stdout ignored (library output must never reach a CLI's JSON), stderr kept for diagnosis. */
export const forkParser: SpawnParser = (entry, opts) =>
  fork(entry.path, [], {
    execArgv: opts.execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  }) as unknown as ParserChild;
