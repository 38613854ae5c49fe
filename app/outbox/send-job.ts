import type { UploadFile } from '../crm';
import { AppError } from '../errors';
import { insertHistory } from '../history/history';
import { checkTargets, findLanded, messageElement, recordUrl, uploadName, type Landed, type MailSnapshot } from '../link';
import { readVerifiedBlob } from './blob-reader';
import type { JobStore } from './job-store';
import type { LinkClient, SpoolReader } from './ports';
import type { LinkJob } from './types';

export interface SendContext {
  store: JobStore;
  client: LinkClient;
  spool: SpoolReader;
  now: () => Date;
  /** Off only in the crash test's naive control, to prove the test sees duplicates. */
  reconcile: boolean;
  timeZone: string;
  /** The server's `maxUploadFileSize` (spec §9), asked once per account. */
  maxUpload: () => Promise<number>;
  signal?: AbortSignal;
  uploadTimeoutMs?: (bytes: number) => number | undefined;
  /** "Already in the CRM?" answered for many never-sent jobs at once; used only while this job has never sent a create. */
  precheck?: () => Promise<Landed | null>;
  /** Targets retrieved as visible within the last few seconds (by this drain) need no second retrieve. */
  recentlyVisible?: (wsId: string) => boolean;
  sawVisible?: (wsIds: readonly string[]) => void;
  /** Verified attachment bytes (from a prefetch when there is one). */
  readBlob?: (sha256: string) => Promise<Uint8Array>;
  /** Bytes of a create the CRM answered, which nothing here reads again (their buffer may be refilled). */
  releaseBlob?: (bytes: Uint8Array) => void;
  /** Called after each durable checkpoint (tests observe the steps). */
  onStep?: (step: string) => void;
}

export type SendOutcome = 'done' | 'attention' | 'cancelled';

/**
 * Sends one job, step by step, writing a checkpoint after each step so that a crash, a fault or a
 * cancel never repeats a finished step: (1) attachment sizes against the server limit, (2) each
 * target retrieved as the user, (3) "did it land?" then the Messages create with parent_id and the
 * files in one multipart request, (4) `relate` for targets not in that create, (5) done + history
 * + pins released, in one transaction. CRM errors propagate to the caller, which classifies them.
 */
export async function sendJob(ctx: SendContext, jobId: string, loaded?: LinkJob): Promise<SendOutcome> {
  const { store, client } = ctx;
  const o = ctx.signal ? { signal: ctx.signal } : {};
  const iso = () => ctx.now().toISOString();
  // The drain hands over the job it has just read; nothing but a cancel (which aborts this
  // attempt through the signal) can change it before the first checkpoint below.
  let job = loaded?.id === jobId ? loaded : mustGet(store, jobId);
  const mail = store.snapshot(jobId);
  const login = await client.login(o);

  // A create whose answer never came may have landed: settle that before judging the targets,
  // so a target revoked since then is not reported as unlinked when the CRM already links it.
  let reconciled = false;
  if (!job.messageWsId && ctx.reconcile && job.createSentAt !== null) {
    reconciled = true;
    if (recordLanded(ctx, job, await findLanded(client, landedQuery(job), o))) job = mustGet(store, jobId);
  }

  if (!job.messageWsId) {
    const open = job.attachments.filter((a) => a.state === 'pending' || a.state === 'too_large');
    const max = open.length > 0 ? await ctx.maxUpload() : Number.POSITIVE_INFINITY;
    const tooBig = open.filter((a) => a.size > max);
    const changed = open.filter((a) => a.state !== (a.size > max ? 'too_large' : 'pending'));
    // The usual case (every file fits, as it did when queued) writes nothing.
    if (changed.length > 0 || tooBig.length > 0) {
      store.atomically(() => {
        for (const a of changed) store.setAttachment(jobId, a.index, a.size > max ? 'too_large' : 'pending');
        if (tooBig.length > 0) {
          store.setState(jobId, 'needs_attention', iso(), {
            reason: 'attachment_too_large',
            error: { code: 'INVALID_INPUT', message: 'An attachment is larger than the CRM accepts: skip it or cancel.', details: { maxUploadFileSize: max, attachments: tooBig.map((a) => a.index) } },
          });
        }
      });
      if (tooBig.length > 0) return 'attention';
      job = mustGet(store, jobId);
    }
  }

  const open = job.targets.filter((t) => t.state !== 'linked' && t.state !== 'removed');
  const check = await checkTargets(client, open.map((t) => t.wsId), o, ctx.recentlyVisible);
  // Only what was retrieved just now refreshes the window, never what the window let through.
  ctx.sawVisible?.(check.visible.filter((id) => !ctx.recentlyVisible?.(id)));
  if (check.unavailable.length > 0 || open.some((t) => t.state === 'unavailable')) {
    store.atomically(() => {
      for (const t of open) {
        const bad = check.unavailable.find((u) => u.id === t.wsId);
        if (bad) store.setTarget(jobId, t.wsId, 'unavailable', bad.code);
        else if (t.state === 'unavailable') store.setTarget(jobId, t.wsId, 'pending');
      }
      if (check.unavailable.length > 0) {
        store.setState(jobId, 'needs_attention', iso(), {
          reason: 'target_unavailable',
          error: { code: 'CRM_ACCESS_DENIED', message: 'A record was deleted or you may no longer see it: choose another record, or cancel.', details: { targets: check.unavailable.map((u) => u.id) } },
        });
      }
    });
    if (check.unavailable.length > 0) return 'attention';
    job = mustGet(store, jobId);
  }
  ctx.onStep?.('targets-checked');

  if (!job.messageWsId) {
    let landed = false;
    if (ctx.reconcile && !reconciled) {
      const found = job.createSentAt === null && ctx.precheck ? await ctx.precheck() : await findLanded(client, landedQuery(job), o);
      landed = recordLanded(ctx, job, found);
    }
    if (!landed) {
      const pending = job.attachments.filter((a) => a.state === 'pending');
      const files: UploadFile[] = [];
      for (const a of pending) files.push({ filename: uploadName(jobId, a.index, a.name), contentType: a.contentType || 'application/octet-stream', data: await (ctx.readBlob ? ctx.readBlob(a.sha256) : readVerifiedBlob(ctx.spool, a.sha256)) });
      const parents = job.targets.filter((t) => t.state === 'pending' || t.state === 'in_create').map((t) => t.wsId);
      store.atomically(() => {
        store.setTargetsWhere(jobId, 'pending', 'in_create');
        store.markCreateSent(jobId, iso());
      });
      const element = messageElement(mail, { jobId, ownerWsId: login.userId, timeZone: ctx.timeZone, parentIds: parents, withFiles: files.length > 0 });
      const timeoutMs = ctx.uploadTimeoutMs?.(files.reduce((n, f) => n + f.data.byteLength, 0));
      const rec = await client.create('Messages', element, files, timeoutMs === undefined ? o : { ...o, timeoutMs });
      if (!rec.id) throw new AppError('CRM_BAD_RESPONSE', 'The CRM created the message but sent no id.');
      for (const f of files) ctx.releaseBlob?.(f.data);
      const id = rec.id;
      // Every open target was a parent of that create, so nothing is left to relate: the answer and
      // the end of the job are one checkpoint. Should it not commit (crash, disk full), the job still
      // holds create_sent_at and its targets in_create, and "did it land?" finds this record (ours).
      ctx.onStep?.('create-answered');
      // What the checkpoint writes, without reading the job back: only this sender moves targets
      // and attachments while it runs (re-target and skip are refused during an attempt).
      const created = {
        ...job,
        targets: job.targets.map((t) => (parents.includes(t.wsId) ? { ...t, state: 'linked' as const, problem: null } : t)),
        attachments: job.attachments.map((a) => (a.state === 'pending' ? { ...a, state: 'sent' as const } : a)),
      };
      return finish(ctx, created, mail, { wsId: id, how: 'created' }, () => {
        store.setTargetsWhere(jobId, 'in_create', 'linked');
        store.setAttachmentsWhere(jobId, 'pending', 'sent');
      });
    }
    job = mustGet(store, jobId);
  }

  const messageWsId = job.messageWsId;
  if (!messageWsId) throw new AppError('INTERNAL', 'no message after the create step');
  const toRelate = job.targets.filter((x) => x.state === 'pending' || x.state === 'in_create');
  for (const t of toRelate) {
    await client.relate(messageWsId, [t.wsId], o);
    store.setTarget(jobId, t.wsId, 'linked');
    ctx.onStep?.('related');
  }
  return finish(ctx, toRelate.length > 0 ? mustGet(store, jobId) : job, mail);
}

/**
 * Done + history + pins released, in one transaction (with `landed` and `alsoWrite`, the create's
 * answer). `job` is what the sender knows the job to be; only its state can have moved meanwhile
 * (a cancel during the last request), and the statement that marks it done reads that.
 */
function finish(ctx: SendContext, job: LinkJob, mail: MailSnapshot, landed?: { wsId: string; how: 'created' }, alsoWrite?: () => void): SendOutcome {
  const { store, client } = ctx;
  const db = store.db;
  const jobId = job.id;
  const messageWsId = landed?.wsId ?? job.messageWsId;
  if (!messageWsId) throw new AppError('INTERNAL', 'no message to finish the job with');
  const nowIso = ctx.now().toISOString();
  return store.atomically((): SendOutcome => {
    alsoWrite?.();
    // A cancel that raced the last step wins over "done"; the history still records what the CRM holds.
    const state = store.complete(jobId, nowIso, landed) ?? job.state;
    insertHistory(db, {
      jobId,
      accountId: job.accountId,
      mail,
      messageId: job.messageId,
      messageWsId,
      landedHow: landed?.how ?? job.landedHow ?? 'created',
      targets: job.targets.filter((t) => t.state === 'linked').map((t) => t.wsId),
      attachments: job.attachments.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, state: a.state })),
      openUrl: recordUrl(client.endpoint, 'Messages', messageWsId),
      linkedAt: nowIso,
    });
    store.unpin(jobId);
    return state === 'cancelled' ? 'cancelled' : 'done';
  });
}

function landedQuery(job: LinkJob) {
  return { jobId: job.id, messageId: job.messageId, subject: job.subject };
}

/** Checkpoints a record "did it land?" found; returns whether there was one. */
function recordLanded(ctx: SendContext, job: LinkJob, landed: Landed | null): boolean {
  const { store } = ctx;
  if (!landed) return false;
  store.atomically(() => {
    store.setMessage(job.id, landed.id, landed.how, ctx.now().toISOString());
    if (landed.how === 'ours') {
      store.setTargetsWhere(job.id, 'in_create', 'linked');
      store.setAttachmentsWhere(job.id, 'pending', 'sent');
    } else {
      store.setAttachmentsWhere(job.id, 'pending', 'already_there');
    }
  });
  ctx.onStep?.(`reconciled-${landed.how}`);
  return true;
}

function mustGet(store: JobStore, id: string): LinkJob {
  const j = store.get(id);
  if (!j) throw new AppError('NOT_FOUND', 'No such outbox job.', { id });
  return j;
}
