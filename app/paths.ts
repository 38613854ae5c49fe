import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app and the CLI keep their data. `CONNECTOR_HOME` wins (tests always set it, so
 * no test touches a real profile); otherwise the OS's per-user application-data directory.
 */
export function dataHome(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform()): string {
  const explicit = env.CONNECTOR_HOME;
  if (explicit && explicit.trim() !== '') return explicit;
  const name = 'vtenext-mail-connector';
  if (os === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (os === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_DATA_HOME && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share'), name);
}

export interface AppPaths {
  home: string;
  /** The app's own database: captured mail, spool references, outbox, history, accounts. */
  appDb: string;
  /** Content-addressed blobs: originals and attachments, named by sha256. */
  spool: string;
  /** One cache database per (CRM URL, user). */
  caches: string;
  logs: string;
}

export function appPaths(home: string): AppPaths {
  return {
    home,
    appDb: join(home, 'connector.sqlite'),
    spool: join(home, 'spool'),
    caches: join(home, 'caches'),
    logs: join(home, 'logs'),
  };
}
