/**
 * The documented transcript normalisation (crm-transcripts/README §3), applied identically to the
 * recorded and the replayed body. Generic by design: it judges any scenario, so it knows field
 * names and id shapes, never particular exchanges.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const VOLATILE = new Set(['sessionName', 'token', 'serverTime', 'expireTime', 'createdtime', 'modifiedtime', 'lastModifiedTime']);
/** Autonumber fields: vtenext names them <prefix>_no (account_no, contact_no, ticket_no, note_no …). */
const AUTONUM = /^[a-z]+_no$/;
const LENIENT_DROP = new Set(['fieldid', 'blockid', 'panelid', 'sequence']);
const WS_ID = /\d+x\d+/g;

export interface IdContext {
  /** ws id → key, from the ids file of the server that produced the body. */
  keyOf: Map<string, string>;
  /** ws ids created in this transcript on that server, in order. */
  created: string[];
}

export interface NormaliseOptions {
  unordered: boolean;
  lenient: boolean;
}

export function reverseIds(ids: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(ids).map(([k, v]) => [v, k]));
}

function mapIds(s: string, ids: IdContext): string {
  return s.replace(WS_ID, (id) => {
    const key = ids.keyOf.get(id);
    if (key !== undefined) return `{{id:${key}}}`;
    const n = ids.created.indexOf(id);
    return n >= 0 ? `{{created:${n + 1}}}` : '{{new-id}}';
  });
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k] as Json)).join(',') + '}';
  return JSON.stringify(v);
}

function walk(v: Json, key: string | null, ids: IdContext, opts: NormaliseOptions): Json {
  if (key !== null && VOLATILE.has(key) && v !== null && typeof v !== 'object') return '<volatile>';
  if (key !== null && AUTONUM.test(key) && typeof v === 'string') return '<autonum>';
  if (typeof v === 'string') return mapIds(v, ids);
  if (Array.isArray(v)) return v.map((x) => walk(x, null, ids, opts));
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) {
      if (opts.lenient && LENIENT_DROP.has(k)) continue;
      out[k] = walk(x as Json, k, ids, opts);
    }
    return out;
  }
  return v;
}

function sortList(v: Json | undefined): Json | undefined {
  return Array.isArray(v) ? [...v].sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0)) : v;
}

/** Normalised canonical text of a JSON body; key order is never compared. */
export function normaliseBody(body: Json, ids: IdContext, opts: NormaliseOptions): string {
  let v = walk(body, null, ids, opts);
  if (opts.unordered && v && typeof v === 'object' && !Array.isArray(v)) {
    const env = { ...v };
    const result = env.result;
    if (Array.isArray(result)) env.result = sortList(result) ?? null;
    else if (result && typeof result === 'object') {
      const r = { ...result };
      for (const k of ['updated', 'deleted', 'types']) if (k in r) r[k] = sortList(r[k]) ?? null;
      env.result = r;
    }
    v = env;
  }
  return canonical(v);
}

/** Non-JSON bodies: compared as text with PHP paths and line numbers blanked. */
export function normaliseText(body: string): string {
  return body.replace(/\/[^\s'"]*\.php/g, '<path>').replace(/line \d+/gi, 'line <n>').replace(/:\d+\b/g, ':<n>');
}
