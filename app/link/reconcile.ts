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

/**
 * "Did it land?" before every create (spec §7.4 step 2): the user's own Messages with this
 * Message-ID; among them this job's marker says "our earlier create". A same-id record with
 * another subject is a different mail (vtenext hashes id + subject), so it is not reused.
 */
export async function findLanded(crm: QueryPort, p: { jobId: string; messageId: string; subject: string }, o?: CallOptions): Promise<Landed | null> {
  const marker = markerFor(p.jobId);
  // messageid only: it is indexed on vtenext (an OR on xmailer would scan the user's whole mail store).
  const q = `SELECT id, messageid, subject, xmailer FROM Messages WHERE messageid = ${vtqlString(p.messageId)} LIMIT 100;`;
  const rows = await crm.query(q, o);
  const ours = rows.find((r) => r.xmailer === marker && r.id);
  if (ours?.id) return { id: ours.id, how: 'ours' };
  const same = rows
    .filter((r) => r.id && decodeEntities(r.messageid ?? '') === p.messageId && decodeEntities(r.subject ?? '') === p.subject)
    .sort((a, b) => idNumber(a.id) - idNumber(b.id))[0];
  return same?.id ? { id: same.id, how: 'existing' } : null;
}

function idNumber(id: string | null | undefined): number {
  return Number(/x(\d+)$/.exec(id ?? '')?.[1] ?? Number.MAX_SAFE_INTEGER);
}
