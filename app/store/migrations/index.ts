import type { Migration } from '../../db/migrate';
import { accountsMigration } from '../../accounts/account-schema';
import { outboxMigrations, outboxSnapshotsMigration } from '../../outbox/migrations';
import { mailIntakeMigration } from './001-mail-intake';

/**
 * The app database's schema history, in order: each feature keeps its steps beside its code and
 * this list decides their numbers, once. Append new steps at the end; never edit a shipped one.
 */
export const appMigrations: Migration[] = [
  mailIntakeMigration, // 1: captured mail, blobs and their pins, attachments
  ...outboxMigrations, // 2-4: link jobs, checkpoints, lock, history, privacy preferences
  accountsMigration(5), // 5: CRM accounts (no secrets: those are in the keychain)
  outboxSnapshotsMigration(6), // 6: outbox snapshots apart from job rows; the queue in sending order
];
