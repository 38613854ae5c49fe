import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/open';
import { cacheMigrations } from './migrations';

/** One canonical spelling per CRM, so `https://crm/vte/` and `https://CRM/vte` share a cache. */
export function normalizeCrmUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  u.pathname = u.pathname.replace(/\/webservice\.php$/, '').replace(/\/+$/, '');
  // URL already lower-cases scheme and host; the path stays as given (servers may treat case).
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** The file name carries no URL or user name in clear: a hash of both. */
export function cacheFileName(url: string, userName: string): string {
  const h = createHash('sha256').update(`${normalizeCrmUrl(url)}\n${userName}`).digest('hex');
  return `cache-${h.slice(0, 32)}.sqlite`;
}

export function cacheFilePath(cachesDir: string, url: string, userName: string): string {
  return join(cachesDir, cacheFileName(url, userName));
}

export function openCacheDb(cachesDir: string, url: string, userName: string): Database.Database {
  // CRM data of one user: readable by that OS user only (SQLite gives -wal/-shm the same mode).
  mkdirSync(cachesDir, { recursive: true, mode: 0o700 });
  const file = cacheFilePath(cachesDir, url, userName);
  const db = openDatabase(file, { migrations: cacheMigrations });
  if (process.platform !== 'win32') chmodSync(file, 0o600);
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING');
  meta.run('url', normalizeCrmUrl(url));
  meta.run('user', userName);
  const owner = db.prepare('SELECT value FROM meta WHERE key = ?');
  // A hash collision or a copied file must never show one user's records to another.
  if ((owner.get('user') as { value: string }).value !== userName || (owner.get('url') as { value: string }).value !== normalizeCrmUrl(url)) {
    db.close();
    throw new Error('cache file belongs to another account');
  }
  return db;
}

export function removeCacheFiles(cachesDir: string, url: string, userName: string): void {
  const file = cacheFilePath(cachesDir, url, userName);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
