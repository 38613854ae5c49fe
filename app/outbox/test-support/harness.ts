import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VtenextClient, nodeTransport } from '../../crm';
import { openDatabase } from '../../db/open';
import { appMigrations } from '../../store/migrations';
import { Spool } from '../../spool/spool';

export function tmpHome(prefix = 'outbox-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openAppDb(file: string): Database.Database {
  return openDatabase(file, { migrations: appMigrations });
}

export function spoolReader(dir: string): { pathOf(sha256: string): string } {
  const s = new Spool(dir);
  return { pathOf: (sha) => s.blobPath(sha) };
}

export interface CrmUser {
  userName: string;
  accessKey: string;
}

export function clientFor(webserviceUrl: string, u: CrmUser, timeoutMs = 10_000): VtenextClient {
  return new VtenextClient({ url: webserviceUrl, userName: u.userName, accessKey: async () => u.accessKey, transport: nodeTransport(), timeoutMs });
}

export async function control(controlUrl: string, route: string, body?: unknown, method = 'POST'): Promise<unknown> {
  const res = await fetch(controlUrl + route, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`control ${route}: ${JSON.stringify(json)}`);
  return json;
}

export interface ServerMessage {
  crmid: number;
  messageid: string;
  subject: string;
  owner: number;
  deleted: number;
  links: number[];
  /**
   * Attachment bytes as stored by the server, in upload order, with the Documents record (crmid)
   * each belongs to. The sandbox keeps the bytes in its `attachments` table, the row allocated right
   * after the document's (it has no vte_seattachmentsrel; vtenext keeps a file under storage/).
   */
  attachments: { name: string; document: number; bytes: Buffer }[];
}

/**
 * What the sandbox's database holds, read from its SQLite file: the ground truth the exactly-once
 * tests count against (the webservice has no download operation for Document bytes).
 */
export function serverMessages(sandboxDbFile: string): ServerMessage[] {
  const db = new Database(sandboxDbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT crmid, smownerid, deleted, data FROM crmentity WHERE module = 'Messages' ORDER BY crmid").all() as {
      crmid: number;
      smownerid: number;
      deleted: number;
      data: string;
    }[];
    return rows.map((r) => {
      const d = JSON.parse(r.data) as Record<string, string>;
      const links = db.prepare('SELECT crmid FROM messagesrel WHERE messagehash = ? ORDER BY crmid').pluck().all(d.messagehash ?? '') as number[];
      const atts = db
        .prepare(
          `SELECT a.contentname AS name, a.document, (SELECT at.content FROM attachments at WHERE at.attachmentsid =
             (SELECT min(x.attachmentsid) FROM attachments x WHERE x.attachmentsid > a.document)) AS bytes
           FROM messages_attach a WHERE a.messagesid = ? ORDER BY a.contentid`,
        )
        .all(r.crmid) as { name: string; document: number; bytes: Buffer }[];
      return { crmid: r.crmid, messageid: d.messageid ?? '', subject: d.subject ?? '', owner: r.smownerid, deleted: r.deleted, links, attachments: atts };
    });
  } finally {
    db.close();
  }
}

export function userTimeZone(sandboxDbFile: string, userName: string): string {
  const db = new Database(sandboxDbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT timezone FROM users WHERE user_name = ?').pluck().get(userName) as string;
  } finally {
    db.close();
  }
}
