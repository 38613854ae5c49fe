import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMailFileName } from './mail-files';

/**
 * A user-chosen folder whose new .eml/.msg files are captured (the fallback for clients whose
 * drags carry no file: New Outlook, Apple Mail, Thunderbird on Linux). fs.watch reports a save
 * as several events, often before the writer is done, so each file waits for a quiet period
 * and is handed over only once its size and mtime stopped changing between two looks.
 */

export interface WatchFolderOptions {
  dir: string;
  /** Quiet time after the last event before a file is looked at. */
  debounceMs?: number;
  /** Give up on a file that is still changing after this many looks. */
  maxLooks?: number;
  /** Hand over the mail files already in the folder when watching starts. */
  initialScan?: boolean;
  onFile(path: string): void;
  onError(err: Error): void;
}

export interface WatchFolder {
  close(): void;
  /** Resolves once the initial scan (if any) has been handled. */
  readonly ready: Promise<void>;
}

interface Pending {
  timer: NodeJS.Timeout;
  looks: number;
  last: string | null;
}

export function watchFolder(opts: WatchFolderOptions): WatchFolder {
  const debounceMs = opts.debounceMs ?? 400;
  const maxLooks = opts.maxLooks ?? 50;
  const pending = new Map<string, Pending>();
  // What was handed over, by name → size:mtime, so the events a save keeps firing afterwards
  // (and an unchanged file at the next look) do not import it twice.
  const handed = new Map<string, string>();
  let closed = false;

  const look = async (name: string) => {
    const entry = pending.get(name);
    if (!entry || closed) return;
    const path = join(opts.dir, name);
    let fingerprint: string | null;
    try {
      const s = await stat(path);
      fingerprint = s.isFile() && s.size > 0 ? `${s.size}:${s.mtimeMs}` : null;
    } catch {
      fingerprint = null; // gone (a temp file renamed away, or deleted): forget it
    }
    if (closed || pending.get(name) !== entry) return;
    if (fingerprint === null) {
      pending.delete(name);
      return;
    }
    if (fingerprint === entry.last) {
      pending.delete(name);
      if (handed.get(name) === fingerprint) return;
      handed.set(name, fingerprint);
      opts.onFile(path);
      return;
    }
    entry.looks++;
    if (entry.looks >= maxLooks) {
      pending.delete(name);
      opts.onError(new Error(`${name} kept changing; it was not imported`));
      return;
    }
    entry.last = fingerprint;
    entry.timer = setTimeout(() => void look(name), debounceMs);
  };

  const touch = (name: string) => {
    if (closed || !isMailFileName(name)) return;
    const entry = pending.get(name);
    if (entry) {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => void look(name), debounceMs);
      return;
    }
    pending.set(name, { timer: setTimeout(() => void look(name), debounceMs), looks: 0, last: null });
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = fsWatch(opts.dir, { persistent: false }, (_event, filename) => {
      if (filename) touch(filename.toString());
    });
    watcher.on('error', (err) => opts.onError(err));
  } catch (err) {
    opts.onError(err instanceof Error ? err : new Error(String(err)));
  }

  const ready = opts.initialScan
    ? readdir(opts.dir).then(
        (names) => names.forEach(touch),
        (err: unknown) => opts.onError(err instanceof Error ? err : new Error(String(err))),
      )
    : Promise.resolve();

  return {
    ready,
    close() {
      closed = true;
      watcher?.close();
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}
