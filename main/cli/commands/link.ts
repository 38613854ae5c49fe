import { createAccounts, type Accounts } from '../../../app/accounts';
import { openDatabase, type Database } from '../../../app/db/open';
import { AppError } from '../../../app/errors';
import { acknowledgeNotice, corporateDomains, externalAddresses, noticeState } from '../../../app/history';
import { KeytarCredentialStore } from '../../../app/keychain';
import { createMailIntake } from '../../../app/mail';
import { createOutbox, withOutboxMigrations, type Outbox } from '../../../app/outbox';
import { appPaths } from '../../../app/paths';
import { Spool } from '../../../app/spool/spool';
import { appMigrations } from '../../../app/store/migrations';
import type { CliContext, Command } from '../command';

export interface LinkEnv {
  db: Database.Database;
  accounts: Accounts;
  outbox: Outbox;
  close(): Promise<void>;
}

/**
 * The outbox over the data home, for the CLI. The access key comes from the keychain, or for
 * this run only from CONNECTOR_ACCESS_KEY; the CRM user's time zone from CONNECTOR_CRM_TIMEZONE
 * (vtenext does not tell a non-admin), else this machine's.
 */
export function openLinkEnv(ctx: CliContext): LinkEnv {
  const paths = appPaths(ctx.home);
  const db = openDatabase(paths.appDb, { migrations: withOutboxMigrations(appMigrations) });
  const accounts = createAccounts({ db, credentials: new KeytarCredentialStore(), cachesDir: paths.caches });
  const spool = new Spool(paths.spool);
  const sessionKey = process.env.CONNECTOR_ACCESS_KEY;
  const tz = process.env.CONNECTOR_CRM_TIMEZONE;
  const outbox = createOutbox({
    db,
    clientFor: (id) => {
      if (sessionKey) accounts.provideSessionKey(id, sessionKey);
      return accounts.client(id);
    },
    spool: { pathOf: (sha) => spool.blobPath(sha) },
    log: ctx.log,
    ...(tz ? { timeZoneFor: () => tz } : {}),
  });
  return {
    db,
    accounts,
    outbox,
    async close() {
      await outbox.stop();
      await accounts.close();
      db.close();
    },
  };
}

export function resolveAccount(accounts: Accounts, wanted: string | undefined): string {
  if (wanted) return accounts.get(wanted).id;
  const all = accounts.list();
  if (all.length === 1) return all[0]!.id;
  throw new AppError('INVALID_INPUT', all.length === 0 ? 'No CRM account is configured.' : 'Several CRM accounts are configured: choose one with --account.', {
    accounts: all.map((a) => a.id),
  });
}

interface LinkArgs {
  file: string;
  to: string[];
  skip: string[];
  account?: string;
  acceptNotice: boolean;
  confirmExternal: boolean;
}

const USAGE = 'link <file> --to <id>[,<id>…] [--skip-attachment <name>]… [--account <id>] [--accept-notice] [--confirm-external]';

function parseArgs(args: string[]): LinkArgs {
  const out: LinkArgs = { file: '', to: [], skip: [], acceptNotice: false, confirmExternal: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new AppError('INVALID_INPUT', `${a} needs a value; usage: ${USAGE}`);
      return v;
    };
    if (a === '--to') out.to.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a === '--skip-attachment') out.skip.push(value());
    else if (a === '--account') out.account = value();
    else if (a === '--accept-notice') out.acceptNotice = true;
    else if (a === '--confirm-external') out.confirmExternal = true;
    else if (a.startsWith('--') || out.file !== '') throw new AppError('INVALID_INPUT', `unexpected ${a}; usage: ${USAGE}`);
    else out.file = a;
  }
  if (!out.file || out.to.length === 0) throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
  return out;
}

/** Queues a link and returns at once: never needs the CRM to be reachable (issue 6 §6). */
export const linkCommand: Command = {
  name: 'link',
  usage: USAGE,
  summary: 'Capture an email and queue it to be filed under CRM records (sent by `outbox drain`).',
  async run(args, ctx) {
    const a = parseArgs(args);
    const env = openLinkEnv(ctx);
    const intake = createMailIntake({ db: env.db, spoolDir: appPaths(ctx.home).spool, ...(ctx.workerEntry ? { worker: ctx.workerEntry } : {}) });
    try {
      if (!noticeState(env.db).acknowledged) {
        if (!a.acceptNotice) throw new AppError('INVALID_INPUT', `${noticeState(env.db).text}\nRun again with --accept-notice to acknowledge this once.`, { reason: 'notice_not_acknowledged' });
        acknowledgeNotice(env.db);
      }
      const accountId = resolveAccount(env.accounts, a.account);
      const captured = await intake.importFile(a.file);
      const ext = externalAddresses(captured.mail, corporateDomains(env.db));
      if (ext.needsConfirmation && !a.confirmExternal) {
        throw new AppError('INVALID_INPUT', 'The email has addresses outside your corporate domains; it will become CRM data. Run again with --confirm-external.', {
          reason: 'external_addresses',
          external: ext.external,
          domainsConfigured: !ext.unconfigured,
        });
      }
      const top = captured.mail.attachments;
      const unknown = a.skip.filter((n) => !top.some((x) => x.name === n || x.originalName === n));
      if (unknown.length > 0) throw new AppError('INVALID_INPUT', 'No attachment with that name.', { names: unknown, attachments: top.map((x) => x.name) });
      const chosen = top.filter((x) => !x.inline && !a.skip.includes(x.name) && !a.skip.includes(x.originalName)).map((x) => x.index);
      const job = env.outbox.enqueue({ accountId, mailId: captured.summary.id, targets: a.to, attachments: chosen });
      ctx.stdout(`${JSON.stringify({ job: job.id, state: job.state, mail: captured.summary.id, subject: job.subject, targets: job.targets.map((t) => t.wsId), attachments: job.attachments.map((x) => x.name) }, null, 2)}\n`);
      return 0;
    } finally {
      await intake.close();
      await env.close();
    }
  },
};
