/** The Outlook add-in operations of OutlookWS.php (spec §6.1). */
import { type OpContext, type Params, WsError, authed, decodeEncoded, DENIED } from './context';
import { moduleMeta } from '../core/meta';
import { isPermitted, ownerFiltered } from '../core/permissions';
import { inListtypes } from './access';
import { wsId, type StoredRecord } from '../core/store';

export function olIsSdk(_ctx: OpContext, p: Params): unknown {
  const v = Number((p.client_version ?? '').replace(/\./g, ''));
  return v >= 300 ? 'true' : 'false';
}

export function olGetFilters(ctx: OpContext): unknown {
  authed(ctx);
  return '';
}

function readableRows(ctx: OpContext, module: string): StoredRecord[] {
  const a = authed(ctx);
  const params: Array<string | number> = [module];
  let sql = 'SELECT * FROM crmentity c WHERE c.module = ? AND c.deleted = 0';
  if (ownerFiltered(a.priv, module)) {
    sql += ' AND c.smownerid IN (SELECT ownerid FROM tmp_owners WHERE userid = ? AND module = ?)';
    params.push(a.user.id, module);
  }
  if (!isPermitted(a.store.accessContext(a.priv), module, 'DetailView')) return [];
  return a.store.db.prepare(sql + ' ORDER BY c.crmid').all(...params) as StoredRecord[];
}

/** Rows whose search fields contain the value, as raw DB values plus a ws id. */
export function olDoquery(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const module = p.module ?? '';
  if (!inListtypes(a.priv, module)) throw new WsError('ACCESS_DENIED', DENIED);
  const meta = moduleMeta(module);
  if (!meta) return [];
  const fields = decodeEncoded(p.search_fields);
  const search = Array.isArray(fields) ? fields.map(String) : [];
  const needle = (p.search_value ?? '').toLowerCase();
  const visible = a.store.visibleFields(meta, a.priv).filter((f) => f.name !== 'id');
  return readableRows(ctx, module)
    .filter((r) => {
      const data = JSON.parse(r.data) as Record<string, string>;
      return search.some((f) => (data[f] ?? '').toLowerCase().includes(needle));
    })
    .map((r) => {
      const data = JSON.parse(r.data) as Record<string, string>;
      const row: Record<string, string> = {};
      for (const f of visible) row[f.name] = f.name === 'assigned_user_id' ? String(r.smownerid) : f.name === 'createdtime' ? r.createdtime : f.name === 'modifiedtime' ? r.modifiedtime : (data[f.name] ?? '');
      row.id = wsId(module, r.crmid);
      return row;
    });
}

const SEARCH_MODULES: Record<string, { label: string[]; extra: string }> = {
  Accounts: { label: ['accountname'], extra: 'email1' },
  Leads: { label: ['firstname', 'lastname'], extra: 'email' },
  Contacts: { label: ['firstname', 'lastname'], extra: 'email' },
  Vendors: { label: ['vendorname'], extra: 'email' },
};

/** Unified search over Accounts, Leads, Contacts and Vendors: [module, id, label, first list column]. */
export function olClientsearch(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const requested = decodeEncoded(p.modules);
  const modules = (Array.isArray(requested) ? requested.map(String) : []).filter((m) => m in SEARCH_MODULES && a.priv && inListtypes(a.priv, m));
  const needle = (p.search_text ?? '').toLowerCase();
  const out: string[][] = [];
  for (const m of modules) {
    const cfg = SEARCH_MODULES[m];
    if (!cfg) continue;
    for (const r of readableRows(ctx, m)) {
      const data = JSON.parse(r.data) as Record<string, string>;
      const label = cfg.label.map((f) => data[f] ?? '').filter(Boolean).join(' ');
      const hay = [label, data[cfg.extra] ?? '', ...Object.values(data)].join(' ').toLowerCase();
      if (!needle || hay.includes(needle)) out.push([m, wsId(m, r.crmid), label.replace(/<[^>]*>/g, ''), (data[cfg.extra] ?? '').replace(/<[^>]*>/g, '')]);
    }
  }
  return out.slice(0, 100);
}
