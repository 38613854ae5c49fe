import type { CallOptions } from '../crm/client';
import type { CrmRecord, DescribeResult, ListTypesResult } from '../crm/types';
import { buildSelect } from '../crm/vtql';
import { AppError, isAppError } from '../errors';
import { toCachedRecord, type CacheStore } from '../cache/cache-store';
import { isCachedModule, moduleMeta, type ModuleMeta } from '../cache/module-meta';
import { keysetPages } from './keyset-pager';

/** The part of VtenextClient the sync needs (the client itself satisfies it). */
export interface SyncCrm {
  listTypes(fieldTypeList?: readonly string[], o?: CallOptions): Promise<ListTypesResult>;
  describe(module: string, o?: CallOptions): Promise<DescribeResult>;
  query(vtql: string, o?: CallOptions): Promise<CrmRecord[]>;
}

export interface SyncProgress {
  module: string;
  phase: 'modules' | 'fill' | 'delta' | 'reconcile' | 'done';
  done: number;
  total: number | null;
}

export interface SyncOptions {
  crm: SyncCrm;
  cache: CacheStore;
  pageSize?: number;
  /** How old the last full id sweep of a module may be before a sync runs one (ms). */
  reconcileEveryMs?: number;
  now?: () => Date;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncRunOptions {
  /** Run the full id reconciliation now for every module. */
  reconcile?: boolean;
  signal?: AbortSignal;
}

export interface ModuleReport {
  module: string;
  fetched: number;
  removed: number;
  added: number;
  error: { code: string; message: string } | null;
}

export interface SyncReport {
  modules: ModuleReport[];
  purgedModules: string[];
}

const IN_BATCH = 100;

/**
 * Keeps one account's cache equal to what its user may see, built only from that user's own
 * ACL-filtered `query` answers (never `sync`, which returns owned records only, spec §5.8).
 * One run at a time per account: a second caller shares the run in progress.
 */
export class SyncEngine {
  private running: Promise<SyncReport> | null = null;
  private readonly pageSize: number;
  private readonly reconcileEveryMs: number;
  private readonly now: () => Date;

  constructor(private readonly opts: SyncOptions) {
    this.pageSize = opts.pageSize ?? 1000;
    this.reconcileEveryMs = opts.reconcileEveryMs ?? 15 * 60_000;
    this.now = opts.now ?? (() => new Date());
  }

  run(o: SyncRunOptions = {}): Promise<SyncReport> {
    if (!this.running) {
      this.running = this.doRun(o).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private progress(p: SyncProgress) {
    this.opts.onProgress?.(p);
  }

  private async doRun(o: SyncRunOptions): Promise<SyncReport> {
    const { crm, cache } = this.opts;
    const call: CallOptions = o.signal ? { signal: o.signal } : {};
    this.progress({ module: '*', phase: 'modules', done: 0, total: null });
    const types = await crm.listTypes(undefined, call);
    const wanted = types.types.filter((t) => isCachedModule(t, types.information[t]?.isEntity));
    const wantedSet = new Set(wanted);
    const purgedModules: string[] = [];
    for (const m of cache.modules()) {
      if (!wantedSet.has(m.name)) {
        cache.purgeModule(m.name);
        purgedModules.push(m.name);
      }
    }
    const reports: ModuleReport[] = [];
    for (const name of wanted) {
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'Sync was cancelled.');
      const report: ModuleReport = { module: name, fetched: 0, removed: 0, added: 0, error: null };
      reports.push(report);
      try {
        await this.syncModule(name, types.information[name], o.reconcile ?? false, report, call);
        cache.saveCheckpoint({ module: name, lastError: null });
      } catch (e) {
        if (!isAppError(e) || e.code === 'CANCELLED' || e.code === 'CRM_AUTH_FAILED' || e.code === 'CRM_UNREACHABLE' || e.code === 'CRM_TIMEOUT' || e.code === 'CRM_TLS_UNTRUSTED') throw e;
        if (e.code === 'CRM_ACCESS_DENIED') {
          // listtypes still names it but the user can no longer describe or query it.
          cache.purgeModule(name);
          purgedModules.push(name);
        } else {
          cache.saveCheckpoint({ module: name, lastError: `${e.code}: ${e.message}` });
        }
        report.error = { code: e.code, message: e.message };
      }
    }
    this.progress({ module: '*', phase: 'done', done: reports.length, total: reports.length });
    return { modules: reports, purgedModules };
  }

  private async syncModule(name: string, info: { label?: string | undefined; singular?: string | undefined } | undefined, forceReconcile: boolean, report: ModuleReport, call: CallOptions) {
    const { crm, cache } = this.opts;
    let cp = cache.checkpoint(name);
    const now = this.now();
    const last = cp.lastReconcile ? Date.parse(cp.lastReconcile) : NaN;
    const sweepDue = forceReconcile || !(now.getTime() - last < this.reconcileEveryMs);
    const stored = cache.module(name);
    // A delta between sweeps reuses the stored describe: one request per module, not two.
    // Field visibility and module flags are re-read with every sweep and every fill.
    const meta = cp.fillDone && !sweepDue && stored ? stored : moduleMeta(await crm.describe(name, call), info ?? {});
    if (cp.fieldsHash !== null && cp.fieldsHash !== meta.fieldsHash) {
      // Visible fields changed: rows may hold values the user can no longer see. Refill.
      report.removed += cache.resetModule(name);
      cp = cache.checkpoint(name);
    }
    cache.upsertModule(meta);
    const filling = !cp.fillDone;
    const total = filling ? await this.count(name, call) : null;
    let done = 0;
    this.progress({ module: name, phase: filling ? 'fill' : 'delta', done, total });
    for await (const page of keysetPages(crm, name, '*', cp.cursor, this.pageSize, call)) {
      cache.upsertRecords(page.rows.map((r) => toCachedRecord(meta, r)), { module: name, cursor: page.cursor, fieldsHash: meta.fieldsHash });
      done += page.rows.length;
      report.fetched += page.rows.length;
      this.progress({ module: name, phase: filling ? 'fill' : 'delta', done, total });
      // The next page may already be here (it was requested before this one was written):
      // a cancel still stops at this page's checkpoint.
      if (call.signal?.aborted) throw new AppError('CANCELLED', 'Sync was cancelled.');
    }
    // A fill resumed after a crash may have missed removals of the pages it wrote before: it is
    // swept now, in the same run (the crash test found a forced reconcile run ending such a fill
    // without a sweep, so a deleted or reassigned record stayed cached until the next run).
    const resumed = filling && cp.cursor !== null;
    if (filling) {
      // A fresh fill is itself a full picture; the sweep clock starts now.
      cache.saveCheckpoint({ module: name, fillDone: true, fieldsHash: meta.fieldsHash, lastReconcile: resumed ? null : now.toISOString() });
    }
    if (resumed || (!filling && sweepDue)) {
      await this.reconcile(meta, report, call);
      cache.saveCheckpoint({ module: name, lastReconcile: now.toISOString() });
    }
  }

  private async count(module: string, call: CallOptions): Promise<number | null> {
    const r = await this.opts.crm.query(buildSelect({ module, columns: 'count', limit: 1 }), call);
    const n = Number(r[0]?.count);
    return Number.isFinite(n) ? n : null;
  }

  /**
   * The full id sweep: removes what the user can no longer see (deleted, reassigned away,
   * unshared) and fetches what became visible without a newer modifiedtime (a new sharing
   * rule, a group membership). Removal happens only after the whole sweep succeeded.
   */
  private async reconcile(meta: ModuleMeta, report: ModuleReport, call: CallOptions) {
    const { crm, cache } = this.opts;
    const name = meta.name;
    const visible = new Set<string>();
    this.progress({ module: name, phase: 'reconcile', done: 0, total: null });
    for await (const page of keysetPages(crm, name, ['modifiedtime'], null, Math.max(this.pageSize, 1000), call)) {
      for (const r of page.rows) if (r.id) visible.add(r.id);
      this.progress({ module: name, phase: 'reconcile', done: visible.size, total: null });
    }
    const cached = cache.recordIds(name);
    const gone = [...cached].filter((id) => !visible.has(id));
    report.removed += cache.deleteRecords(gone);
    const missing = [...visible].filter((id) => !cached.has(id));
    for (let i = 0; i < missing.length; i += IN_BATCH) {
      const ids = missing.slice(i, i + IN_BATCH);
      const rows = await crm.query(buildSelect({ module: name, columns: '*', where: [{ field: 'id', in: ids }], limit: ids.length }), call);
      cache.upsertRecords(rows.map((r) => toCachedRecord(meta, r)));
      report.added += rows.length;
    }
  }
}
