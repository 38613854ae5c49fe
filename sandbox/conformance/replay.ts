/**
 * Replays recorded transcripts against a running server and compares every answer after the
 * documented normalisation. Used by the conformance test; runnable on its own for diffs:
 *   npx tsx sandbox/conformance/run.ts [transcript dir]
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normaliseBody, normaliseText, reverseIds, type Json, type IdContext } from './normalise';

export interface Exchange {
  seq: number; user: string; label: string; op: string; method: string; params: Record<string, string>;
  encoding: string; files?: Array<{ field: string; filename: string; content_type: string; content_b64: string }>;
  status: number; content_type?: string; body: string; unordered?: boolean; capture?: Record<string, unknown>; time?: string;
}

export interface ExchangeResult { user: string; seq: number; label: string; ok: boolean; expected: string; actual: string }

export interface ReplayTarget {
  webserviceUrl: string;
  /** Sandbox key → ws id map (same keys as the recorded ids.json). */
  ids: Record<string, string>;
  /** Runs after each user's transcript, as the recorder's admin cleanup did (outside the transcripts). */
  afterUser?: (user: string) => Promise<void>;
  beforeUser?: (user: string) => Promise<void>;
}

interface ScenarioUser { key: string; password: string; accesskey: string }

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function loadTranscripts(dir: string): Map<string, Exchange[]> {
  const out = new Map<string, Exchange[]>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl') && !x.startsWith('_'))) {
    const list = readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
    out.set(f.replace(/\.jsonl$/, ''), list);
  }
  // Users were recorded one after the other; replay them in that order.
  return new Map([...out.entries()].sort((a, b) => (a[1][0]?.time ?? '').localeCompare(b[1][0]?.time ?? '')));
}

function substitute(template: string, vars: { session: string; token: string; user: ScenarioUser; ids: Record<string, string>; created: string[] }): string {
  return template.replace(/\{\{([^}]+)\}\}/g, (_m, name: string) => {
    if (name === 'SESSION') return vars.session;
    if (name === 'ACCESSKEY_MD5') return md5(vars.token + vars.user.accesskey);
    if (name === 'WRONG_ACCESSKEY_MD5') return md5(vars.token + 'WRONG-KEY-000000');
    if (name === 'PASSWORD') return vars.user.password;
    const [kind, a, b] = name.split(':');
    if (kind === 'id') return vars.ids[name.slice(3)] ?? '';
    if (kind === 'crmid') return (vars.ids[name.slice(6)] ?? '').split('x')[1] ?? '';
    if (kind === 'created') return vars.created[Number(a) - 1] ?? '';
    if (kind === 'mismatch' && a && b) return `${(vars.ids[b] ?? '').split('x')[0]}x${(vars.ids[a] ?? '').split('x')[1]}`;
    return _m;
  });
}

interface Answer { status: number; contentType: string; body: string }

async function answer(res: Response): Promise<Answer> {
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function send(url: string, ex: Exchange, params: Record<string, string>): Promise<Answer> {
  if (ex.encoding === 'query') return answer(await fetch(`${url}?${new URLSearchParams(params).toString()}`, { method: ex.method }));
  if (ex.encoding === 'multipart/form-data') {
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.append(k, v);
    for (const f of ex.files ?? []) form.append(f.field, new Blob([Buffer.from(f.content_b64, 'base64')], { type: f.content_type }), f.filename);
    return answer(await fetch(url, { method: 'POST', body: form }));
  }
  return answer(await fetch(url, { method: 'POST', body: new URLSearchParams(params), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
}

function compare(ex: Exchange, actual: Answer, rec: IdContext, mine: IdContext, lenient: boolean): { ok: boolean; expected: string; actual: string } {
  const opts = { unordered: ex.unordered === true, lenient };
  let expected: string;
  let got: string;
  try {
    expected = normaliseBody(JSON.parse(ex.body) as Json, rec, opts);
  } catch {
    expected = normaliseText(ex.body);
  }
  try {
    got = normaliseBody(JSON.parse(actual.body) as Json, mine, opts);
  } catch {
    got = normaliseText(actual.body);
  }
  // Status and media type are part of the answer (the 500s are text/html with an empty body).
  expected = `${ex.status} ${ex.content_type ?? actual.contentType} ${expected}`;
  got = `${actual.status} ${actual.contentType} ${got}`;
  return { ok: expected === got, expected, actual: got };
}

export async function replay(dir: string, target: ReplayTarget, opts: { lenient?: boolean } = {}): Promise<ExchangeResult[]> {
  const scenario = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as { users: ScenarioUser[] };
  const recordedIds = JSON.parse(readFileSync(path.join(dir, 'ids.json'), 'utf8')) as Record<string, string>;
  const results: ExchangeResult[] = [];
  const recKeys = reverseIds(recordedIds);
  const myKeys = reverseIds(target.ids);
  for (const [userKey, exchanges] of loadTranscripts(dir)) {
    const user = scenario.users.find((u) => u.key === userKey);
    if (!user) continue;
    await target.beforeUser?.(userKey);
    const vars = { session: '', token: '', user, ids: target.ids, created: [] as string[] };
    const recordedCreated: string[] = [];
    for (const ex of exchanges) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(ex.params)) params[k] = substitute(v, vars);
      const actual = await send(target.webserviceUrl, ex, params);
      let parsed: { success?: boolean; result?: Record<string, unknown> } = {};
      try {
        parsed = JSON.parse(actual.body) as typeof parsed;
      } catch {
        parsed = {};
      }
      if (ex.capture?.token && parsed.success) vars.token = String(parsed.result?.token ?? '');
      if (ex.capture?.session && parsed.success) vars.session = String(parsed.result?.sessionName ?? '');
      if (ex.capture?.created) {
        if (parsed.success) vars.created.push(String(parsed.result?.id ?? ''));
        try {
          const rec = JSON.parse(ex.body) as { result?: { id?: string } };
          if (rec.result?.id) recordedCreated.push(rec.result.id);
        } catch {
          /* a failed recorded create captures nothing */
        }
      }
      const c = compare(ex, actual, { keyOf: recKeys, created: recordedCreated }, { keyOf: myKeys, created: vars.created }, opts.lenient === true);
      results.push({ user: userKey, seq: ex.seq, label: ex.label, ...c });
    }
    await target.afterUser?.(userKey);
  }
  return results;
}
