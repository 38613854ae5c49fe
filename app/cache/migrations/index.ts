import type { Migration } from '../../db/migrate';
import { m001 } from './001-modules-records-fts';
import { m002 } from './002-sync-state';
import { m003 } from './003-name-prefix-index';

export const cacheMigrations: readonly Migration[] = [m001, m002, m003];
