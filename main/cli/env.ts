import { createAccounts, type Accounts, type AccountInfo } from '../../app/accounts';
import { openDatabase, type Database } from '../../app/db/open';
import { AppError } from '../../app/errors';
import { KeytarCredentialStore } from '../../app/keychain';
import { createOutbox, type Outbox } from '../../app/outbox';
import { Spool } from '../../app/spool/spool';
import { appPaths } from '../../app/paths';
import { appMigrations } from '../../app/store/migrations';
import type { CliContext } from './command';

export interface AccountsEnv {
  db: Database.Database;
  accounts: Accounts;
  close(): Promise<void>;
}

/** The app database and the accounts service over the data home, for one CLI run. */
export function openAccountsEnv(ctx: CliContext): AccountsEnv {
  const paths = appPaths(ctx.home);
  const db = openDatabase(paths.appDb, { migrations: appMigrations });
  const accounts = createAccounts({ db, credentials: new KeytarCredentialStore(), cachesDir: paths.caches });
  return {
    db,
    accounts,
    async close() {
      await accounts.close();
      db.close();
    },
  };
}

/** `--account <user>@<url>` when given; otherwise the only account there is. */
export function pickAccount(accounts: Accounts, selector: string | undefined): AccountInfo {
  const all = accounts.list();
  if (selector) {
    const found = all.find((a) => a.id === selector || `${a.userName}@${a.url}` === selector);
    if (!found) throw new AppError('NOT_FOUND', `no account ${selector}; see \`account list\``);
    return found;
  }
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0) throw new AppError('NOT_FOUND', 'no CRM account yet; add one with `account add <url> <user>`');
  throw new AppError('INVALID_INPUT', `several accounts: choose one with --account (${all.map((a) => a.id).join(', ')})`);
}

/** A session-only key for this run (CONNECTOR_ACCESS_KEY), e.g. when the keychain is locked. */
export function applySessionKey(accounts: Accounts, account: AccountInfo, env: NodeJS.ProcessEnv): void {
  const key = env.CONNECTOR_ACCESS_KEY;
  if (key) accounts.provideSessionKey(account.id, key);
}

export interface OutboxEnv extends AccountsEnv {
  outbox: Outbox;
}

/**
 * The outbox over the data home, for one CLI run (never a background sender: commands drain
 * explicitly). The access key comes from the keychain, or for this run only from
 * CONNECTOR_ACCESS_KEY; the CRM user's time zone from CONNECTOR_CRM_TIMEZONE (vtenext does not
 * tell a non-admin their own), else this machine's.
 */
export function openOutboxEnv(ctx: CliContext): OutboxEnv {
  const base = openAccountsEnv(ctx);
  const spool = new Spool(appPaths(ctx.home).spool);
  const sessionKey = process.env.CONNECTOR_ACCESS_KEY;
  const tz = process.env.CONNECTOR_CRM_TIMEZONE;
  const outbox = createOutbox({
    db: base.db,
    clientFor: (id) => {
      if (sessionKey) base.accounts.provideSessionKey(id, sessionKey);
      return base.accounts.client(id);
    },
    spool: { pathOf: (sha) => spool.blobPath(sha) },
    log: ctx.log,
    ...(tz ? { timeZoneFor: () => tz } : {}),
  });
  return {
    ...base,
    outbox,
    async close() {
      await outbox.stop();
      await base.close();
    },
  };
}
