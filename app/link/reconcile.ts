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
 * vtenext takes `query` as a GET, and web servers cap the request line (Apache: 8 190 bytes by
 * default; past it, 414 and no answer). A batch of Message-IDs stays within this many characters
 * of URL-encoded query, leaving room for the endpoint and the session.
 */
export const LANDED_QUERY_BUDGET = 6_000;

const encodedLength = (s: string) => new URLSearchParams({ q: s }).toString().length - 2;
const inQuery = (ids: readonly string[]) => `${SELECT} WHERE messageid IN (${ids.map(vtqlString).join(',')}) LIMIT ${Math.max(100, ids.length * 20)};`;

/**
 * How many of `jobs`, from the first, one "already in the CRM?" query can ask about (at least one:
 * a single Message-ID is asked about whatever its length). Repeated Message-IDs cost nothing.
 */
export function landedBatchSize(jobs: readonly LandedQuery[], budget = LANDED_QUERY_BUDGET): number {
  const seen = new Set<string>();
  // The query around the list, with the LIMIT at its widest.
  let used = encodedLength(inQuery([])) + 4;
  let n = 0;
  for (const j of jobs) {
    if (!seen.has(j.messageId)) {
      const more = encodedLength(vtqlString(j.messageId)) + (seen.size > 0 ? encodedLength(',') : 0);
      if (n > 0 && used + more > budget) break;
      used += more;
      seen.add(j.messageId);
    }
    n++;
  }
  return n;
}

/**
 * "Already in the CRM?" for as many of `jobs`, from the first, as one query can ask about
 * (landedBatchSize): the answers by job id, and how many jobs were asked about.
 */
export async function findLandedBatch(crm: QueryPort, jobs: readonly LandedQuery[], o?: CallOptions): Promise<{ asked: number; answers: Map<string, Landed | null> }> {
  const batch = jobs.slice(0, landedBatchSize(jobs));
  const answers = new Map<string, Landed | null>();
  if (batch.length === 0) return { asked: 0, answers };
  const rows = await crm.query(inQuery([...new Set(batch.map((j) => j.messageId))]), o);
  for (const j of batch) answers.set(j.jobId, matchLanded(rows, j));
  return { asked: batch.length, answers };
}

/**
 * The same question for many jobs (`messageid IN (…)`), in as few queries as the URL budget
 * allows, for jobs that never sent a create: for them only "is the mail already in the CRM?" is
 * open, and under the outbox lock no create of ours can come between this answer and theirs (the
 * caller drops an answer once a mail with that Message-ID lands).
 */
export async function findLandedMany(crm: QueryPort, jobs: readonly LandedQuery[], o?: CallOptions): Promise<Map<string, Landed | null>> {
  const out = new Map<string, Landed | null>();
  for (let from = 0; from < jobs.length; ) {
    const { asked, answers } = await findLandedBatch(crm, jobs.slice(from), o);
    for (const [jobId, landed] of answers) out.set(jobId, landed);
    from += asked;
  }
  return out;
}

function idNumber(id: string | null | undefined): number {
  return Number(/x(\d+)$/.exec(id ?? '')?.[1] ?? Number.MAX_SAFE_INTEGER);
}
