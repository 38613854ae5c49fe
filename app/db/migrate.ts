import type Database from 'better-sqlite3';

/**
 * Numbered, forward-only schema migrations (after Signal Desktop's `migrations/NN-name.ts`):
 * each step runs in its own transaction and bumps `user_version`, so a crash mid-upgrade
 * leaves the database at the last completed version, never half-migrated.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly version: number,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`migrations must be numbered 1..n without gaps; found ${m.version} at ${i + 1}`, m.version);
  });
  const current = schemaVersion(db);
  const latest = sorted.length;
  if (current > latest) {
    // A newer app wrote this file; running old code against it could corrupt data.
    throw new MigrationError(`database schema ${current} is newer than this app understands (${latest})`, current);
  }
  for (const m of sorted.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
