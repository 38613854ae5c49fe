import type { Migration } from '../../db/migrate';
import { m001 } from './001-modules-records-fts';
import { m002 } from './002-sync-state';

export const cacheMigrations: readonly Migration[] = [m001, m002];
