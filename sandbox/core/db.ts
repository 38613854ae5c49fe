/**
 * SQLite layout. Configuration tables (roles, profiles, groups, sharing) are what the admin
 * edits; `privileges` and `tmp_owners` are the Recalculate output that every access decision
 * reads, so a configuration change has no effect until recalculated — as in vtenext.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seq(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS roles(roleid TEXT PRIMARY KEY, rolename TEXT NOT NULL, parentrole TEXT NOT NULL, depth INTEGER NOT NULL, key TEXT);
CREATE TABLE IF NOT EXISTS profiles(profileid INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT, view_all INTEGER NOT NULL, edit_all INTEGER NOT NULL, perms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS role2profile(roleid TEXT NOT NULL, profileid INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(roleid, profileid));
CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, key TEXT, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  email TEXT NOT NULL, roleid TEXT NOT NULL, is_admin INTEGER NOT NULL, status TEXT NOT NULL, accesskey TEXT NOT NULL, password TEXT NOT NULL,
  date_format TEXT NOT NULL, timezone TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS groups_(groupid INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT, description TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS group_members(groupid INTEGER NOT NULL, kind TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY(groupid, kind, member));
CREATE TABLE IF NOT EXISTS def_sharing(module TEXT PRIMARY KEY, code INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sharing_rules(ruleid INTEGER PRIMARY KEY, key TEXT, module TEXT NOT NULL, from_type TEXT NOT NULL, from_id TEXT NOT NULL,
  to_type TEXT NOT NULL, to_id TEXT NOT NULL, permission INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS crmentity(crmid INTEGER PRIMARY KEY, module TEXT NOT NULL, smownerid INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  createdtime TEXT NOT NULL, modifiedtime TEXT NOT NULL, key TEXT, data TEXT NOT NULL);
-- smownerid is in the index so the owner filter of paged queries is checked without touching rows.
DROP INDEX IF EXISTS ce_mod_mt;
CREATE INDEX IF NOT EXISTS ce_mod_mt_owner ON crmentity(module, deleted, modifiedtime, crmid, smownerid);
CREATE INDEX IF NOT EXISTS ce_mod_owner ON crmentity(module, smownerid, modifiedtime);
CREATE TABLE IF NOT EXISTS crmentityrel(crmid INTEGER NOT NULL, module TEXT NOT NULL, relcrmid INTEGER NOT NULL, relmodule TEXT NOT NULL, PRIMARY KEY(crmid, relcrmid));
CREATE TABLE IF NOT EXISTS messagesrel(messagehash TEXT NOT NULL, crmid INTEGER NOT NULL, module TEXT NOT NULL, PRIMARY KEY(messagehash, crmid));
CREATE TABLE IF NOT EXISTS messages_attach(messagesid INTEGER NOT NULL, contentid INTEGER NOT NULL, contentname TEXT NOT NULL, contenttype TEXT NOT NULL,
  contentdisposition TEXT NOT NULL, document INTEGER NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS attachments(attachmentsid INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(id TEXT PRIMARY KEY, userid INTEGER NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS privileges(userid INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tmp_owners(userid INTEGER NOT NULL, module TEXT NOT NULL, ownerid INTEGER NOT NULL, PRIMARY KEY(userid, module, ownerid)) WITHOUT ROWID;
`;

export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = ' + (file === ':memory:' ? 'MEMORY' : 'WAL'));
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  return db;
}

export function isInitialised(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM meta WHERE k = 'initialised'`).get() !== undefined;
}

export function nextId(db: Db, name: string, start: number): number {
  const row = db.prepare('SELECT value FROM seq WHERE name = ?').get(name) as { value: number } | undefined;
  const v = row ? row.value + 1 : start;
  db.prepare('INSERT INTO seq(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, v);
  return v;
}

/** Makes sure the sequence will never hand out `id` again (pinned ids from --ids). */
export function bumpSeq(db: Db, name: string, id: number): void {
  db.prepare('INSERT INTO seq(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)').run(name, id);
}

export function getMeta(db: Db, k: string): string | undefined {
  return (db.prepare('SELECT v FROM meta WHERE k = ?').get(k) as { v: string } | undefined)?.v;
}

export function setMeta(db: Db, k: string, v: string): void {
  db.prepare('INSERT INTO meta(k, v) VALUES(?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v').run(k, v);
}
