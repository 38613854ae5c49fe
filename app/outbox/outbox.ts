import type { Database as DatabaseNs } from '../db/open';

type Database = DatabaseNs.Database;
import type { VtenextClient } from '../crm';
import { AppError } from '../errors';
import { findLanded, findLandedBatch, type Landed } from '../link';
import type { Logger } from '../log';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff';
import { BlobPrefetch } from './blob-reader';
import { classify, toAppError } from './classify';
import { durably } from './durable';
import { enqueueJob, validateTargets } from './enqueue';
import { JobStore, PIN_KIND } from './job-store';
import { OutboxLock, type OutboxLockOptions } from './lock';
import type { LinkClient, SpoolReader } from './ports';
import { sendJob } from './send-job';
import type { DrainSummary, JobState, LinkJob, LinkRequest, OutboxEvent } from './types';

export interface OutboxDeps {
  db: Database;
  clientFor(accountId: string): VtenextClient | LinkClient | Promise<VtenextClient | LinkClient>;
  spool: SpoolReader;
  log: Logger;
  now?: () => Date;
  emit?: (e: OutboxEvent) => void;
  /**
   * The CRM user's IANA time zone (Messages `mdate` is read in it). vtenext does not tell a
   * non-admin their own zone (FINDINGS 10), so it comes from the account's settings; default: this machine's.
   */
  timeZoneFor?: (accountId: string) => string | undefined;
  backoff?: BackoffPolicy;
  /** How long `drain()` waits for jobs in backoff before returning them as waiting (default 60 s). */
  drainPatienceMs?: number;
  lock?: OutboxLockOptions;
  /** Reconcile-before-create ("did it land?"). Only the crash test's naive control turns it off. */
  reconcile?: boolean;
  random?: () => number;
  /** The app's own cap on one attachment, applied below the server's `maxUploadFileSize`. */
  maxUploadBytes?: number;
  /**
   * Time allowed for one create carrying `bytes` of attachments; default: the client's own below
   * 1 MB, else 30 s plus 1 s per 50 kB, so a slow uplink does not time out (and resend) forever.
   */
  uploadTimeoutMs?: (bytes: number) => number | undefined;
  /**
   * How long after sending a create whose answer never came (timeout, reset, crash) the job — and
   * any job of the same mail — waits before asking "did it land?": the server may still be running
   * that request. Default 60 s, above PHP's default max_execution_time of 30 s.
   */
  createSettleMs?: number;
  /**
   * A target retrieved as visible this long ago, in the same drain, is not retrieved again for the
   * next job (default 5 s): a drain of many mails to one record checks it once per few seconds,
   * not once per mail. A new drain retrieves every target again. 0 = retrieve for every job.
   */
  targetCheckTtlMs?: number;
  /**
   * How long a finished (done or cancelled) job stays in the outbox; default 7 days. Pruned when
   * the outbox is created and after each drain. The link history keeps every done link for good.
   */
  finishedRetentionMs?: number;
  /** How many finished jobs `list()` returns after the live ones (default 100, the most recent). */
  listFinished?: number;
  /** Called synchronously after each durable checkpoint of a job (tests use it to strike at exact steps). */
  observe?: (jobId: string, step: string) => void;
}

export interface DrainOptions {
  signal?: AbortSignal;
  /** Overrides `drainPatienceMs` for this drain; 0 = return as soon as nothing is due. */
  patienceMs?: number;
}

export interface Outbox {
  /** Durable at once; never needs the CRM. Pins the spooled files in the same transaction. */
  enqueue(req: LinkRequest): LinkJob;
  /** Every job not yet finished, then the most recently finished ones (`listFinished`), oldest first. */
  list(): LinkJob[];
  /** How many jobs are in each state (cheap: the tray and the status bar ask on every change). */
  counts(): Record<JobState, number>;
  get(id: string): LinkJob | null;
  retry(id: string): void;
  cancel(id: string): void;
  retarget(id: string, targets: string[]): void;
  skipAttachment(id: string, index: number): void;
  /** Sends until the outbox is empty or every remaining job is blocked (attention, failed, or waiting beyond the patience). */
  drain(opts?: DrainOptions): Promise<DrainSummary>;
  /** Background sender: drains, then sleeps until the next retry is due or `wake()`. */
  start(): void;
  stop(): Promise<void>;
  /** Nudge the background sender (a new job, or the OS says the network is back). */
  wake(): void;
  readonly online: boolean;
  /** The largest attachment the account's CRM accepts (asks the CRM once per account and caches it). */
  uploadLimit(accountId: string): Promise<number>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function defaultUploadTimeout(bytes: number): number | undefined {
  return bytes < 1_000_000 ? undefined : 30_000 + Math.ceil(bytes / 50_000) * 1000;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { db, log } = deps;
  const store = new JobStore(db);
  const now = deps.now ?? (() => new Date());
  const iso = () => now().toISOString();
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const lock = new OutboxLock(db, deps.lock);
  const reconcile = deps.reconcile ?? true;
  const settleMs = deps.createSettleMs ?? 60_000;
  const maxUploadByAccount = new Map<string, number>();
  // "Already in the CRM?" for never-sent jobs, asked in batches; an answer is dropped once a mail
  // with that Message-ID lands, and is only trusted for a short while.
  const prechecked = new Map<string, { landed: Landed | null; messageId: string; at: number }>();
  // As many as one GET can ask about (findLandedBatch), up to 100: the query costs about the
  // same for 1 or 100 Message-IDs (against the sandbox 1.2–1.7 ms), so 0.05 ms a mail at 25, 0.02 at 100.
  const PRECHECK_BATCH = 100;
  const PRECHECK_TTL_MS = 30_000;
  const targetTtl = deps.targetCheckTtlMs ?? 5_000;
  const blobs = new BlobPrefetch(deps.spool);
  const seenVisible = new Map<string, number>();
  let online = true;
  let draining: Promise<DrainSummary> | null = null;
  let current: { jobId: string; abort: AbortController } | null = null;
  let loop: { abort: AbortController; done: Promise<void> } | null = null;
  let wakeUp: (() => void) | null = null;
  const retentionMs = deps.finishedRetentionMs ?? 7 * 24 * 3600_000;
  const listFinished = deps.listFinished ?? 100;
  const prune = () => {
    try {
      const n = store.pruneFinished(new Date(now().getTime() - retentionMs).toISOString());
      if (n > 0) log.info('outbox: finished jobs pruned', { count: n });
    } catch (e) {
      // Housekeeping only: a full disk or a busy database must not stop the outbox from starting.
      log.warn('outbox: pruning finished jobs failed', { code: toAppError(e).code });
    }
  };
  prune();

  const emitJob = (id: string) => {
    if (!deps.emit) return;
    const job = store.get(id);
    if (job) deps.emit({ type: 'job', job });
  };
  const setOnline = (v: boolean) => {
    if (online === v) return;
    online = v;
    deps.emit?.({ type: 'online', online: v });
  };

  function mustGet(id: string): LinkJob {
    const j = store.get(id);
    if (!j) throw new AppError('NOT_FOUND', 'No such outbox job.', { id });
    return j;
  }

  function notWhileSending(id: string, what: string) {
    if (current?.jobId === id) throw new AppError('INVALID_INPUT', `The job is being sent right now; ${what} it when this attempt ends.`, { id });
  }

  async function maxUpload(client: LinkClient, accountId: string): Promise<number> {
    const cached = maxUploadByAccount.get(accountId);
    if (cached !== undefined) return cached;
    const d = await client.describe('Documents');
    const file = d.fields.find((f) => f.type.name === 'file');
    const raw = (file?.type as { maxUploadFileSize?: unknown } | undefined)?.maxUploadFileSize;
    // Without the field the server's own default applies: $upload_maxsize = 3 000 000 bytes (spec §9).
    const server = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : 3_000_000;
    const max = Math.min(server, deps.maxUploadBytes ?? Number.POSITIVE_INFINITY);
    maxUploadByAccount.set(accountId, max);
    return max;
  }

  async function precheck(client: LinkClient, job: LinkJob, signal: AbortSignal): Promise<Landed | null> {
    // Another job's create of this mail is unresolved: only a fresh, single answer will do.
    if (store.hasUnresolvedCreate(job)) return findLanded(client, { jobId: job.id, messageId: job.messageId, subject: job.subject }, { signal });
    const hit = prechecked.get(job.id);
    if (hit && now().getTime() - hit.at <= PRECHECK_TTL_MS) return hit.landed;
    const others = store.neverSent(job.accountId, iso(), PRECHECK_BATCH).filter((j) => j.id !== job.id);
    const wanted = [{ jobId: job.id, messageId: job.messageId, subject: job.subject }, ...others.map((j) => ({ jobId: j.id, messageId: j.messageId, subject: j.subject }))];
    const { asked, answers } = await findLandedBatch(client, wanted, { signal });
    const at = now().getTime();
    for (const q of wanted.slice(0, asked)) prechecked.set(q.jobId, { landed: answers.get(q.jobId) ?? null, messageId: q.messageId, at });
    return answers.get(job.id) ?? null;
  }

  function forgetPrechecks(job: LinkJob) {
    prechecked.delete(job.id);
    if (prechecked.size === 0) return;
    const after = store.progress(job.id);
    // A create of this mail was sent (landed or not): every earlier "not in the CRM" is void.
    // (forEach: no entry pair per answer held, for every job of a drain.)
    if (after?.messageWsId || after?.createSentAt)
      prechecked.forEach((e, id) => {
        if (e.messageId === job.messageId) prechecked.delete(id);
      });
  }

  async function runOne(job: LinkJob, blocked: Set<string>, paused: Map<string, number>, signal?: AbortSignal): Promise<'stop' | 'continue'> {
    const abort = new AbortController();
    const onOuter = () => abort.abort();
    signal?.addEventListener('abort', onOuter, { once: true });
    current = { jobId: job.id, abort };
    try {
      let client: LinkClient;
      try {
        client = await deps.clientFor(job.accountId);
      } catch (e) {
        const err = toAppError(e);
        // The account was removed (or never existed): only the user can re-point the job.
        if (err.code === 'NOT_FOUND') throw new AppError('CRM_AUTH_FAILED', 'The CRM account of this job is not configured any more.', { reason: 'account_unavailable', accountId: job.accountId }, { cause: e });
        throw err;
      }
      const outcome = await sendJob(
        {
          store,
          client,
          spool: deps.spool,
          now,
          reconcile,
          timeZone: deps.timeZoneFor?.(job.accountId) ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          maxUpload: () => maxUpload(client, job.accountId),
          uploadTimeoutMs: deps.uploadTimeoutMs ?? defaultUploadTimeout,
          precheck: () => precheck(client, job, abort.signal),
          readBlob: (sha) => blobs.read(sha),
          releaseBlob: (bytes) => blobs.release(bytes),
          recentlyVisible: (id) => (seenVisible.get(`${job.accountId}\u0000${id}`) ?? -Infinity) > now().getTime() - targetTtl,
          sawVisible: (ids) => {
            const t = now().getTime();
            for (const id of ids) seenVisible.set(`${job.accountId}\u0000${id}`, t);
          },
          signal: abort.signal,
          ...(deps.observe ? { onStep: (step: string) => deps.observe?.(job.id, step) } : {}),
        },
        job.id,
        job,
      );
      setOnline(true);
      log.info('outbox job finished', { job: job.id, outcome });
      return 'continue';
    } catch (e) {
      const err = toAppError(e);
      const c = classify(err);
      log.warn('outbox job attempt failed', { job: job.id, code: err.code, kind: c.kind });
      switch (c.kind) {
        case 'transient':
        case 'session': {
          if (c.kind === 'transient' && c.offline) setOnline(false);
          const delay = backoffDelay(job.attempts + 1, backoff, deps.random);
          const at = now().getTime() + delay;
          store.setState(job.id, 'waiting', iso(), { error: err.toShape(), nextAttemptAt: new Date(at).toISOString(), attempt: true });
          // Unreachable: the account's other jobs would fail the same way, so they wait for this one's retry.
          if (c.kind === 'transient' && c.offline) paused.set(job.accountId, at);
          return 'continue';
        }
        case 'attention': {
          store.setState(job.id, 'needs_attention', iso(), { reason: c.reason, error: err.toShape(), attempt: true });
          if (c.stopAccount) blocked.add(job.accountId);
          return 'continue';
        }
        case 'permanent':
          store.setState(job.id, 'failed', iso(), { reason: c.reason, error: err.toShape(), attempt: true });
          return 'continue';
        case 'cancelled':
          return signal?.aborted ? 'stop' : 'continue';
        case 'local':
          // Progress cannot be recorded; stop rather than send what could not be checkpointed.
          throw err;
      }
      return 'continue';
    } finally {
      current = null;
      signal?.removeEventListener('abort', onOuter);
      forgetPrechecks(job);
      emitJob(job.id);
    }
  }

  async function drainLocked(opts: DrainOptions): Promise<DrainSummary> {
    const patience = opts.patienceMs ?? deps.drainPatienceMs ?? 60_000;
    const started = now().getTime();
    const touched = new Set<string>();
    const blocked = new Set<string>();
    const paused = new Map<string, number>();
    let stoppedBy: DrainSummary['stoppedBy'] = null;
    // What an earlier drain saw visible proves nothing now: a drain (one per wake-up of the
    // background sender) checks each target afresh before its first send.
    seenVisible.clear();
    deps.emit?.({ type: 'drain', phase: 'start' });
    try {
      for (;;) {
        if (opts.signal?.aborted) {
          stoppedBy = 'aborted';
          break;
        }
        const t = now().getTime();
        const skip = new Set([...blocked, ...[...paused].filter(([, until]) => until > t).map(([a]) => a)]);
        const { job, afterFiles } = store.nextTwoDue(t, settleMs, skip);
        if (!job) {
          const next = store.earliestWaiting(settleMs, blocked, paused);
          if (next === null) break;
          const wait = Math.max(0, next - now().getTime());
          if (now().getTime() + wait - started > patience) break;
          await sleep(Math.max(wait, 5), opts.signal);
          continue;
        }
        touched.add(job.id);
        // This job's files are read while its targets are checked, the next one's while this one uploads.
        blobs.want(job.attachments.filter((a) => a.state === 'pending'));
        blobs.want(afterFiles);
        if ((await runOne(job, blocked, paused, opts.signal)) === 'stop') {
          stoppedBy = 'aborted';
          break;
        }
      }
    } catch (e) {
      const err = toAppError(e);
      if (err.code !== 'DISK_FULL') throw err;
      log.error('outbox drain stopped: disk full', err);
      stoppedBy = 'disk_full';
    }
    blobs.clear();
    const jobs = [...touched].map((id) => store.progress(id)).filter((j) => j !== null);
    const summary: DrainSummary = {
      done: jobs.filter((j) => j.state === 'done').length,
      needsAttention: jobs.filter((j) => j.state === 'needs_attention').length,
      failed: jobs.filter((j) => j.state === 'failed').length,
      waiting: jobs.filter((j) => j.state === 'waiting' || j.state === 'queued').length,
      remaining: store.unfinishedCount(),
      stoppedBy,
    };
    prune();
    deps.emit?.({ type: 'drain', phase: 'end', summary });
    return summary;
  }

  function drain(opts: DrainOptions = {}): Promise<DrainSummary> {
    if (draining) return draining;
    try {
      lock.acquire();
    } catch (e) {
      return Promise.reject(toAppError(e));
    }
    draining = drainLocked(opts).finally(() => {
      draining = null;
      lock.release();
    });
    return draining;
  }

  function wake() {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  }

  async function background(signal: AbortSignal) {
    while (!signal.aborted) {
      try {
        await drain({ signal, patienceMs: 0 });
      } catch (e) {
        log.warn('outbox background drain failed', { code: toAppError(e).code });
      }
      if (signal.aborted) break;
      const next = store.earliestWaiting(settleMs, new Set(), new Map());
      // Offline or locked by another instance: look again later even without a due job.
      const delay = next === null ? 60_000 : Math.min(60_000, Math.max(50, next - now().getTime()));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
        signal.addEventListener('abort', () => wakeUp?.(), { once: true });
      });
    }
  }

  return {
    async uploadLimit(accountId) {
      return maxUpload(await deps.clientFor(accountId), accountId);
    },

    get online() {
      return online;
    },
    enqueue(req) {
      const id = durably(db, () => enqueueJob(store, req, iso()));
      emitJob(id);
      wake();
      return mustGet(id);
    },
    list: () => store.list(listFinished),
    counts: () => store.countByState(),
    get: (id) => store.get(id),
    retry(id) {
      const j = mustGet(id);
      if (j.state === 'done' || j.state === 'cancelled') throw new AppError('INVALID_INPUT', `A ${j.state} job cannot be retried.`, { id });
      notWhileSending(id, 'retry');
      durably(db, () =>
        db.transaction(() => {
          store.setState(id, 'queued', iso());
          store.setTargetsWhere(id, 'unavailable', 'pending');
          store.setAttachmentsWhere(id, 'too_large', 'pending');
        })(),
      );
      maxUploadByAccount.delete(j.accountId);
      emitJob(id);
      wake();
    },
    cancel(id) {
      const j = mustGet(id);
      if (j.state === 'done') throw new AppError('INVALID_INPUT', 'This email is already linked; it cannot be cancelled.', { id });
      if (j.state === 'cancelled') return;
      if (current?.jobId === id) current.abort.abort();
      durably(db, () =>
        db.transaction(() => {
          store.setState(id, 'cancelled', iso(), { reason: null });
          store.unpin(id);
        })(),
      );
      emitJob(id);
    },
    retarget(id, targets) {
      const j = mustGet(id);
      if (j.state === 'done' || j.state === 'cancelled') throw new AppError('INVALID_INPUT', `A ${j.state} job cannot be re-targeted.`, { id });
      notWhileSending(id, 're-target');
      const next = validateTargets(targets);
      durably(db, () =>
        db.transaction(() => {
          for (const t of j.targets) {
            // A record already linked stays linked: vtenext cannot be told to forget it here.
            if (!next.includes(t.wsId) && t.state !== 'linked') store.setTarget(id, t.wsId, 'removed');
          }
          const pos = (db.prepare('SELECT coalesce(max(pos), -1) FROM outbox_targets WHERE job_id = ?').pluck().get(id) as number) + 1;
          const add = db.prepare(
            "INSERT INTO outbox_targets (job_id, pos, ws_id, state) VALUES (?, ?, ?, 'pending') ON CONFLICT(job_id, ws_id) DO UPDATE SET state = CASE WHEN state = 'linked' THEN 'linked' ELSE 'pending' END, problem = NULL",
          );
          next.forEach((t, i) => add.run(id, pos + i, t));
          const key = db.prepare('SELECT dedupe_key FROM outbox_jobs WHERE id = ?').pluck().get(id) as string;
          db.prepare('UPDATE outbox_jobs SET dedupe_key = ? WHERE id = ?').run(`${key.split('|')[0]}|retarget:${next.slice().sort().join(',')}`, id);
          store.setState(id, 'queued', iso());
        })(),
      );
      emitJob(id);
      wake();
    },
    skipAttachment(id, index) {
      const j = mustGet(id);
      const a = j.attachments.find((x) => x.index === index);
      if (!a) throw new AppError('NOT_FOUND', 'No such attachment in this job.', { id, index });
      if (a.state === 'sent' || a.state === 'already_there') throw new AppError('INVALID_INPUT', 'That attachment is already in the CRM.', { id, index });
      notWhileSending(id, 'change');
      durably(db, () =>
        db.transaction(() => {
          store.setAttachment(id, index, 'skipped');
          const stillUsed = j.mailSha256 === a.sha256 || j.attachments.some((x) => x.index !== index && x.sha256 === a.sha256 && x.state !== 'skipped');
          if (!stillUsed) db.prepare('DELETE FROM blob_pins WHERE owner_kind = ? AND owner_id = ? AND sha256 = ?').run(PIN_KIND, id, a.sha256);
          const left = db.prepare("SELECT count(*) FROM outbox_attachments WHERE job_id = ? AND state = 'too_large'").pluck().get(id) as number;
          if (j.state === 'needs_attention' && j.reason === 'attachment_too_large' && left === 0) store.setState(id, 'queued', iso());
        })(),
      );
      emitJob(id);
      wake();
    },
    drain,
    wake,
    start() {
      if (loop) return;
      const abort = new AbortController();
      loop = { abort, done: background(abort.signal) };
    },
    async stop() {
      const l = loop;
      loop = null;
      if (!l) return;
      l.abort.abort();
      wake();
      await l.done;
      await draining?.catch(() => undefined);
    },
  };
}
