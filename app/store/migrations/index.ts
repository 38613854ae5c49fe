import type { Migration } from '../../db/migrate';
import { mailIntakeMigration } from './001-mail-intake';

/** The app database's schema history. Append 002+ here; never edit a shipped step. */
export const appMigrations: Migration[] = [mailIntakeMigration];
