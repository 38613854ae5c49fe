/**
 * Admin actions as the Settings UI performs them. They change configuration only; nothing takes
 * effect until recalculate() runs.
 */
import { type Db } from './db';

/** Modules whose default sharing follows Accounts when Accounts becomes Private (seed). */
const FOLLOW_ACCOUNTS_PRIVATE = ['Quotes', 'HelpDesk', 'SalesOrder', 'PurchaseOrder', 'Invoice'];

export function applyDefaultSharing(db: Db, module: string, code: number): void {
  const set = db.prepare('INSERT INTO def_sharing(module, code) VALUES(?, ?) ON CONFLICT(module) DO UPDATE SET code = excluded.code');
  set.run(module, code);
  // SaveOrgSharing mirrors Accounts onto Contacts and Calendar onto Events.
  if (module === 'Accounts') {
    set.run('Contacts', code);
    if (code === 3) for (const m of FOLLOW_ACCOUNTS_PRIVATE) set.run(m, 3);
  }
  if (module === 'Calendar') set.run('Events', code);
}
