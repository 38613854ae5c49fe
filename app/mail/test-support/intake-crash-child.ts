/**
 * The importer process the intake crash test kills: opens the app database and the spool in a
 * data directory, creates the intake the way the core does, and drops every mail file that is
 * not yet in the list (by file name, as a user looking at the list would), so a copy of an
 * imported file under another name is dropped again and must meet the intake's dedupe.
 * Prints `start <name>` before and `done|error <name> …` after each import. Config: a JSON file.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../../db/open';
import { AppError } from '../../errors';
import { appMigrations } from '../../store/migrations';
import { createMailIntake } from '../intake';
import { runChild } from '../../test-support/child-main';

export interface IntakeCrashChildConfig {
  appDb: string;
  spoolDir: string;
  /** The parser process entry (a bundled worker, so a restart does not pay for tsx). */
  worker: { path: string; execArgv: string[] };
  files: string[];
  /** Files to hand over as bytes (`import`) rather than by path (`importFile`). */
  asBytes: string[];
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const cfg = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as IntakeCrashChildConfig;
  const db = openDatabase(cfg.appDb, { migrations: appMigrations });
  const intake = createMailIntake({ db, spoolDir: cfg.spoolDir, worker: cfg.worker });
  say('ready');
  const listed = new Set(intake.list().map((s) => s.fileName));
  const asBytes = new Set(cfg.asBytes);
  for (const file of cfg.files) {
    const name = basename(file);
    if (listed.has(name)) continue;
    say(`start ${name}`);
    try {
      const c = asBytes.has(file) ? await intake.import(name, readFileSync(file)) : await intake.importFile(file);
      say(`done ${name} ${c.summary.id} ${c.summary.sha256}`);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      say(`error ${name} ${e.code}`);
    }
  }
  await intake.close();
  db.close();
  say('finished');
  return 0;
}

runChild(main);
