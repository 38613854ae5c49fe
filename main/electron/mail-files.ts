import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which files the desktop hands to the intake. The parser decides by content, but the paths
 * that arrive from outside (command line, drops, the watch folder) are filtered by extension
 * first, so a stray PDF or a half-written temp file is never read at all.
 */
export const MAIL_EXTENSIONS = ['.eml', '.msg', '.dat', '.tnef'] as const;

export function isMailFileName(name: string): boolean {
  const lower = name.toLowerCase();
  // Outlook, Office and editors write these next to real files while saving.
  const base = lower.split(/[\\/]/).at(-1) ?? '';
  if (base.startsWith('~$') || base.startsWith('.~') || base.startsWith('._')) return false;
  return MAIL_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/**
 * The mail files named on a command line: the first launch's `process.argv`, or what a second
 * instance hands over ('second-instance' event). Switches (Chromium appends some of its own)
 * and the app path of an unpackaged run are skipped; relative paths resolve against the
 * launching process's working directory; file:// URLs (Linux file managers) become paths.
 */
export function mailFilesFromArgv(argv: readonly string[], opts: { workingDirectory: string; isPackaged: boolean }): string[] {
  const rest = argv.slice(opts.isPackaged ? 1 : 2);
  const files: string[] = [];
  let positionalOnly = false;
  for (const arg of rest) {
    if (!positionalOnly && arg === '--') {
      positionalOnly = true;
      continue;
    }
    if (!positionalOnly && arg.startsWith('-')) continue;
    let path = arg;
    if (/^file:\/\//i.test(arg)) {
      try {
        path = fileURLToPath(arg);
      } catch {
        continue;
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      continue; // some other URL scheme: not ours to open
    }
    if (!isMailFileName(path)) continue;
    const absolute = isAbsolute(path) ? path : resolve(opts.workingDirectory, path);
    if (!files.includes(absolute)) files.push(absolute);
  }
  return files;
}
