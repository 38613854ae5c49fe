import type { Accounts, AccountInfo } from '../accounts';
import type { Handlers, EmitEvent } from '../api/handlers';
import { normalizeCrmUrl } from '../cache';
import type { AccountView, RecordHit } from '../contract/crm';
import { AppError } from '../errors';
import type { MailIntake } from '../mail';
import { fetchServerFingerprint } from '../crm/tls-pin';
import type { SearchHit } from '../search';
import { requireMail } from './mail-handlers';

/**
 * A server whose certificate this machine does not trust: read the certificate's fingerprint
 * (without sending anything) so the user can compare it with what their administrator gives
 * them and pin it explicitly. Nothing is trusted without that choice.
 */
async function withServerFingerprint(e: unknown, url: string): Promise<unknown> {
  if (!(e instanceof AppError) || e.code !== 'CRM_TLS_UNTRUSTED') return e;
  try {
    const seen = await fetchServerFingerprint(url, AbortSignal.timeout(5000));
    return new AppError(e.code, e.message, { ...e.details, fingerprint: seen.fingerprint256, subject: seen.subject, validTo: seen.validTo }, { cause: e });
  } catch {
    return e;
  }
}

/** The built-in demo CRM this launch runs (npm start), and the demo user the app signs in as. */
export interface DemoCrm {
  url: string;
  userName: string;
  accessKey: string;
}

type CrmCalls = Pick<
  Handlers,
  'account.list' | 'account.add' | 'account.addDemo' | 'account.remove' | 'sync.run' | 'modules.list' | 'records.search' | 'records.suggest'
>;

const LAST_SYNC_KEY = 'last_sync_at';

export function createCrmHandlers(deps: { accounts: Accounts; intake: MailIntake; emit: EmitEvent; demo: DemoCrm | null }): CrmCalls {
  const { accounts, intake, emit, demo } = deps;

  const isDemo = (a: AccountInfo) => demo !== null && a.userName === demo.userName && normalizeCrmUrl(a.url) === normalizeCrmUrl(demo.url);

  // The demo key is public demo data, kept for the session only; give it again at every launch.
  if (demo) {
    for (const a of accounts.list()) if (isDemo(a)) accounts.provideSessionKey(a.id, demo.accessKey);
  }

  function lastSyncAt(id: string): string | null {
    const row = accounts.cache(id).db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_SYNC_KEY) as { value: string } | undefined;
    return row?.value ?? null;
  }

  function view(a: AccountInfo): AccountView {
    return {
      id: a.id,
      url: a.url,
      userName: a.userName,
      demo: isDemo(a),
      credential: a.keyStorage,
      lastSyncAt: lastSyncAt(a.id),
      recordCount: accounts.cache(a.id).count(),
    };
  }

  function accountLabel(id: string, accountId: string | null): string | null {
    return accountId ? (accounts.cache(id).record(accountId)?.label ?? null) : null;
  }

  function hit(id: string, h: SearchHit, reason: RecordHit['reason']): RecordHit {
    return {
      id: h.id,
      module: h.moduleLabel || h.module,
      label: h.label,
      emails: h.emails,
      account: h.module === 'Accounts' ? null : accountLabel(id, h.accountId),
      linkable: h.linkable,
      notLinkableReason: h.notLinkableReason,
      reason,
    };
  }

  const changed = () => emit('account.changed', { accounts: accounts.list().map(view) });

  return {
    'account.list': async () => accounts.list().map(view),

    'account.add': async (input) => {
      try {
        const info = await accounts.add({
          url: input.url,
          userName: input.userName,
          ...(input.secret.kind === 'accessKey' ? { accessKey: input.secret.value } : { password: input.secret.value }),
          sessionOnly: input.remember === false,
          ...(input.trustedFingerprint ? { pinnedFingerprint256: input.trustedFingerprint } : {}),
        });
        changed();
        return view(info);
      } catch (e) {
        throw await withServerFingerprint(e, input.url);
      }
    },

    'account.addDemo': async () => {
      if (!demo) throw new AppError('CRM_UNREACHABLE', 'No demo CRM runs with this launch. Start the app with `npm start` to get one.');
      const existing = accounts.list().find(isDemo);
      if (existing) return view(existing);
      const info = await accounts.add({ url: demo.url, userName: demo.userName, accessKey: demo.accessKey, sessionOnly: true });
      changed();
      return view(info);
    },

    'account.remove': async ({ id }) => {
      await accounts.remove(id);
      changed();
      return { removed: true };
    },

    'sync.run': async ({ accountId, reconcile }) => {
      const report = await accounts.sync(accountId).run({ reconcile: reconcile ?? false });
      const cache = accounts.cache(accountId);
      const failed = report.modules.filter((m) => m.error);
      if (failed.length > 0 && failed.length === report.modules.length) {
        const first = failed[0]?.error;
        throw new AppError('CRM_ERROR', `Sync failed: ${first?.message ?? 'unknown error'}`, { modules: failed.map((m) => m.module) });
      }
      const finishedAt = new Date().toISOString();
      cache.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_SYNC_KEY, finishedAt);
      emit('sync.progress', { accountId, module: null, done: cache.count(), total: cache.count(), phase: 'done' });
      changed();
      return {
        accountId,
        modules: report.modules.length,
        records: cache.count(),
        added: report.modules.reduce((n, m) => n + m.added, 0),
        removed: report.modules.reduce((n, m) => n + m.removed, 0),
        finishedAt,
      };
    },

    'modules.list': async ({ accountId }) => {
      const cache = accounts.cache(accountId);
      return cache.modules().map((m) => ({ name: m.name, label: m.label, linkable: m.linkable, recordCount: cache.count(m.name) }));
    },

    'records.search': async ({ accountId, text, modules, limit }) => {
      const hits = accounts.search(accountId).search(text, { ...(modules ? { modules } : {}), limit: limit ?? 20 });
      return hits.map((h) => hit(accountId, h, { kind: h.match, detail: null }));
    },

    'records.suggest': async ({ accountId, mailId }) => {
      const m = requireMail(intake, mailId).mail;
      const addresses = [...m.from, ...(m.sender ? [m.sender] : []), ...m.replyTo, ...m.to, ...m.cc]
        .map((a) => a.address.trim().toLowerCase())
        .filter((a, i, all) => a !== '' && all.indexOf(a) === i);
      const out = new Map<string, RecordHit>();
      const add = (h: SearchHit, reason: RecordHit['reason']) => {
        if (!out.has(h.id)) out.set(h.id, hit(accountId, h, reason));
      };
      for (const s of accounts.search(accountId).suggest(addresses)) {
        for (const match of s.matches) {
          add(match.record, { kind: 'address', detail: s.address });
          if (match.account) add(match.account, { kind: 'account-of', detail: match.record.label });
          for (const p of match.openPotentials) add(p, { kind: 'open-potential', detail: match.account?.label ?? match.record.label });
          for (const t of match.openTickets) add(t, { kind: 'open-ticket', detail: match.account?.label ?? match.record.label });
        }
      }
      return [...out.values()];
    },
  };
}
