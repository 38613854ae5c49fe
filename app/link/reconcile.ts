import type { CallOptions, CrmRecord } from '../crm';
import { vtqlString } from '../crm';
import { markerFor } from './message-element';

/** The one thing reconciliation needs from the client (tests and the outbox pass a VtenextClient). */
export interface QueryPort {
  query(vtql: string, o?: CallOptions): Promise<CrmRecord[]>;
}

export interface Landed {
  id: string;
  /** 'ours': this job's earlier create landed; 'existing': the user already had this mail in the CRM. */
  how: 'ours' | 'existing';
}

function decodeEntities(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface LandedQuery {
  jobId: string;
  messageId: string;
  subject: string;
}

const SELECT = 'SELECT id, messageid, subject, xmailer FROM Messages';

/** Picks, among the user's Messages with the job's Message-ID, the one this job or the mail already has. */
export function matchLanded(rows: readonly CrmRecord[], p: LandedQuery): Landed | null {
  const marker = markerFor(p.jobId);
  const ours = rows.find((r) => r.xmailer === marker && r.id);
  if (ours?.id) return { id: ours.id, how: 'ours' };
  const same = rows
    .filter((r) => r.id && decodeEntities(r.messageid ?? '') === p.messageId && decodeEntities(r.subject ?? '') === p.subject)
    .sort((a, b) => idNumber(a.id) - idNumber(b.id))[0];
  return same?.id ? { id: same.id, how: 'existing' } : null;
}

/**
 * "Did it land?" before every create (spec §7.4 step 2): the user's own Messages with this
 * Message-ID; among them this job's marker says "our earlier create". A same-id record with
 * another subject is a different mail (vtenext hashes id + subject), so it is not reused.
 */
export async function findLanded(crm: QueryPort, p: LandedQuery, o?: CallOptions): Promise<Landed | null> {
  // messageid only: it is indexed on vtenext (an OR on xmailer would scan the user's whole mail store).
  const rows = await crm.query(`${SELECT} WHERE messageid = ${vtqlString(p.messageId)} LIMIT 100;`, o);
  return matchLanded(rows, p);
}

/**
 * The same question for many jobs in one query (`messageid IN (…)`), for jobs that never sent a
 * create: for them only "is the mail already in the CRM?" is open, and under the outbox lock no
 * create of ours can come between this answer and theirs (the caller drops an answer once a
 * mail with that Message-ID lands).
 */
export async function findLandedMany(crm: QueryPort, jobs: readonly LandedQuery[], o?: CallOptions): Promise<Map<string, Landed | null>> {
  const out = new Map<string, Landed | null>();
  if (jobs.length === 0) return out;
  const ids = [...new Set(jobs.map((j) => j.messageId))];
  const rows = await crm.query(`${SELECT} WHERE messageid IN (${ids.map(vtqlString).join(',')}) LIMIT ${Math.max(100, ids.length * 20)};`, o);
  for (const j of jobs) out.set(j.jobId, matchLanded(rows, j));
  return out;
}

function idNumber(id: string | null | undefined): number {
  return Number(/x(\d+)$/.exec(id ?? '')?.[1] ?? Number.MAX_SAFE_INTEGER);
}
