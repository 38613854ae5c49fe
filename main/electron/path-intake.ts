import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../app/contract/api';
import type { CapturedMail } from '../../app/contract/mail';
import { AppError } from '../../app/errors';
import { isMailFileName } from './mail-files';

export type ImportBytes = (fileName: string, bytes: Uint8Array<ArrayBuffer>) => Promise<CapturedMail>;

export type PathImportOutcome =
  | { path: string; ok: true; id: string; subject: string }
  | { path: string; ok: false; code: string; message: string };

/**
 * Reads a mail file named by path and hands its bytes to the core's import. Used for files the
 * OS gives the main process (command line, macOS open-file and tray drops, the watch folder)
 * and for drops, where Chromium's temp copy of an Outlook message lives only until the drop
 * handler returns — so the bytes are read at once, in one open, and the path is never kept.
 */
export async function readMailFile(path: string): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> }> {
  if (!isMailFileName(path)) throw new AppError('UNSUPPORTED_FORMAT', 'only .eml, .msg and winmail.dat files can be imported', { name: basename(path) });
  // One handle for the checks and the read, so the file cannot be swapped in between.
  const handle = await open(path, 'r').catch((err: unknown) => {
    throw new AppError('NOT_FOUND', 'the file could not be opened', { name: basename(path), cause: (err as NodeJS.ErrnoException).code ?? 'unknown' });
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('UNSUPPORTED_FORMAT', 'not a regular file', { name: basename(path) });
    if (stat.size > MAX_IMPORT_BYTES) throw new AppError('MAIL_TOO_LARGE', 'file larger than the import limit', { limit: MAX_IMPORT_BYTES });
    // Read the size stat reported into a buffer of our own; a file still growing is read as it was.
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { fileName: basename(path), bytes: filled === bytes.byteLength ? bytes : bytes.slice(0, filled) };
  } finally {
    await handle.close();
  }
}

/** Imports each path in turn; one bad file does not stop the others. */
export async function importPaths(paths: readonly string[], importBytes: ImportBytes): Promise<PathImportOutcome[]> {
  const out: PathImportOutcome[] = [];
  for (const path of paths) {
    try {
      const { fileName, bytes } = await readMailFile(path);
      const captured = await importBytes(fileName, bytes);
      out.push({ path, ok: true, id: captured.summary.id, subject: captured.summary.subject });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', err instanceof Error ? err.message : String(err));
      out.push({ path, ok: false, code: e.code, message: e.message });
    }
  }
  return out;
}
