import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { ParsedMailView, type CapturedMail, type CapturedMailSummary } from '../contract/mail';
import { AppError } from '../errors';
import { isSha256, Spool } from '../spool/spool';
import { MailStore, type AttachmentRow } from '../store/mail-store';
import { clientKey, vteMessageHash } from './dedupe';
import { extensionMismatch } from './detect';
import { resolveLimits, type MailLimits } from './limits';
import type { NormalisedMail } from './model';
import type { SpawnParser } from './parser-child';
import { createParserPool, defaultWorkerEntry, type ParserWorkerEntry } from './parser-pool';
import { toView } from './view';

export interface MailIntake {
  import(fileName: string, bytes: Uint8Array): Promise<CapturedMail>;
  importFile(path: string): Promise<CapturedMail>;
  list(): CapturedMailSummary[];
  get(id: string): CapturedMail | null;
  remove(id: string): boolean;
  /**
   * The spooled file of one attachment. `part` addresses attachments of embedded messages:
   * '' (default) for the mail itself, '0' for its first embedded message, '0.1' for the second
   * one inside that (the indexes of `embedded` in the view).
   */
  openAttachment(id: string, index: number, part?: string): { path: string; name: string; contentType: string; size: number } | null;
  collectGarbage(): { removed: number; bytes: number };
  close(): Promise<void>;
}

export interface MailIntakeDeps {
  /** The app database, already migrated with `appMigrations`. */
  db: Database.Database;
  spoolDir: string;
  limits?: Partial<MailLimits>;
  worker?: ParserWorkerEntry;
  now?: () => Date;
  /** Parser processes running side by side (default 1). */
  concurrency?: number;
  /** How a parser process is started: Node's fork by default, Electron's utilityProcess in the app. */
  spawn?: SpawnParser;
}

const STALE_STAGING_MS = 60 * 60 * 1000;

function storageError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return new AppError('DISK_FULL', `no space left while ${what}`);
  return new AppError('STORAGE_FAILED', `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
}

interface Collected {
  blobs: Map<string, number>;
  attachments: AttachmentRow[];
}

function collect(m: NormalisedMail, part: string, out: Collected): void {
  m.attachments.forEach((a, idx) => {
    out.blobs.set(a.sha256, a.size);
    out.attachments.push({ part, idx, name: a.name, originalName: a.originalName, contentType: a.contentType, size: a.size, sha256: a.sha256, contentId: a.contentId, inline: a.inline });
  });
  m.embedded.forEach((child, i) => collect(child, part === '' ? String(i) : `${part}.${i}`, out));
}

export function createMailIntake(deps: MailIntakeDeps): MailIntake {
  const limits = resolveLimits(deps.limits);
  const now = deps.now ?? (() => new Date());
  const spool = new Spool(deps.spoolDir);
  const store = new MailStore(deps.db);
  const pool = createParserPool({ worker: deps.worker ?? defaultWorkerEntry(), size: deps.concurrency ?? 1, ...(deps.spawn ? { spawn: deps.spawn } : {}) });
  const activeStaging = new Set<string>();

  const ingest = async (fileName: string, place: (target: string) => void): Promise<CapturedMail> => {
    const staging = spool.newStagingDir();
    activeStaging.add(staging);
    try {
      const original = join(staging, 'original');
      try {
        place(original);
      } catch (e) {
        throw storageError(e, 'saving the mail');
      }
      const mail = await pool.parse(original, limits, staging);
      const mismatch = extensionMismatch(fileName, mail.format);
      if (mismatch) mail.warnings.push(mismatch);
      const existing = store.idBySha(mail.sha256);
      if (existing) {
        const found = store.get(existing);
        if (found) return found;
      }
      const collected: Collected = { blobs: new Map([[mail.sha256, mail.size]]), attachments: [] };
      collect(mail, '', collected);
      for (const sha of collected.blobs.keys()) {
        if (!isSha256(sha)) throw new AppError('INTERNAL', 'the parser returned an invalid blob id');
        if (sha !== mail.sha256 && !existsSync(join(staging, sha)) && !spool.has(sha)) throw new AppError('INTERNAL', 'the parser lost an attachment');
      }
      const id = randomUUID();
      const view = toView(mail);
      // The parser process handled hostile bytes: check its answer before it is stored.
      if (!ParsedMailView.safeParse(view).success) throw new AppError('MALFORMED_MAIL', 'the parser returned a mail that does not fit the model');
      const summary: CapturedMailSummary = {
        id,
        fileName,
        format: mail.format,
        subject: mail.subject,
        from: mail.from,
        date: mail.date,
        size: mail.size,
        sha256: mail.sha256,
        attachmentCount: mail.attachments.length,
        capturedAt: now().toISOString(),
        warnings: mail.warnings,
      };
      // Files move and rows commit inside one write transaction: a garbage collection (which
      // takes the write lock too, from this process or another one sharing the data directory)
      // never sees a blob file between the two. A crash in between leaves only an unreferenced
      // file, which the next collection removes.
      try {
        deps.db.transaction(() => {
          spool.adopt(original, mail.sha256);
          for (const sha of collected.blobs.keys()) if (sha !== mail.sha256 && !spool.has(sha)) spool.adopt(join(staging, sha), sha);
          store.insert(
            {
              summary,
              view,
              messageId: mail.messageId,
              vteHash: vteMessageHash(mail.messageId, mail.subject),
              clientKey: clientKey(mail),
              blobs: [...collected.blobs].map(([sha256, size]) => ({ sha256, size })),
              attachments: collected.attachments,
            },
            summary.capturedAt,
          );
        }).immediate();
      } catch (e) {
        throw storageError(e, 'recording the mail');
      }
      return { summary, mail: view };
    } finally {
      spool.removeStaging(staging);
      activeStaging.delete(staging);
    }
  };

  const collectGarbage = () => {
    // Under the write lock (see ingest): no import can be between adopting a blob and recording it.
    const collected = deps.db.transaction(() => {
      let removed = 0;
      let bytes = 0;
      for (const b of store.takeUnpinned()) {
        bytes += spool.delete(b.sha256);
        removed++;
      }
      // Files a crash left between the rename and the commit.
      for (const sha of [...spool.listBlobs()]) {
        if (!store.hasBlob(sha)) {
          bytes += spool.delete(sha);
          removed++;
        }
      }
      return { removed, bytes };
    }).immediate();
    spool.sweepStaging(activeStaging, STALE_STAGING_MS, now().getTime());
    return collected;
  };

  // Start-up recovery: what a crash (or a kill -9) mid-import left behind — staging directories,
  // blobs renamed into place whose rows never committed — and blobs no longer pinned since the
  // last run. Nothing else collects them.
  try {
    collectGarbage();
  } catch (e) {
    void pool.close();
    throw storageError(e, 'cleaning up the spool');
  }

  return {
    async import(fileName, bytes) {
      if (bytes.byteLength > limits.maxBytes) {
        throw new AppError('MAIL_TOO_LARGE', `the file has ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`, { size: bytes.byteLength, limit: limits.maxBytes });
      }
      return ingest(fileName, (target) => writeFileSync(target, bytes, { flag: 'wx', mode: 0o600 }));
    },
    async importFile(path) {
      let size: number;
      try {
        size = statSync(path).size;
      } catch (e) {
        throw new AppError('NOT_FOUND', `cannot read ${basename(path)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (size > limits.maxBytes) throw new AppError('MAIL_TOO_LARGE', `the file has ${size} bytes; the limit is ${limits.maxBytes}`, { size, limit: limits.maxBytes });
      // A private copy: the user may move or edit the original while it is being parsed.
      return ingest(basename(path), (target) => copyFileSync(path, target));
    },
    list: () => store.list(),
    get: (id) => store.get(id),
    remove: (id) => store.remove(id),
    openAttachment(id, index, part = '') {
      const row = store.attachment(id, part, index);
      if (!row) return null;
      return { path: spool.blobPath(row.sha256), name: row.name, contentType: row.contentType, size: row.size };
    },
    collectGarbage,
    close: () => pool.close(),
  };
}
