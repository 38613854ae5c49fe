import type { Logger } from '../../app/log';

export interface CliContext {
  home: string;
  log: Logger;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Set by the built CLI: the bundled parser worker, so no TypeScript loader is needed. */
  workerEntry?: { path: string; execArgv: string[] };
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}
