import { AppError } from '../../../app/errors';
import { acknowledgeNotice, corporateDomains, externalAddresses, noticeState } from '../../../app/history';
import { createMailIntake } from '../../../app/mail';
import { appPaths } from '../../../app/paths';
import type { Command } from '../command';
import { openOutboxEnv, pickAccount } from '../env';

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
    const env = openOutboxEnv(ctx);
    const intake = createMailIntake({ db: env.db, spoolDir: appPaths(ctx.home).spool, ...(ctx.workerEntry ? { worker: ctx.workerEntry } : {}) });
    try {
      if (!noticeState(env.db).acknowledged) {
        if (!a.acceptNotice) throw new AppError('INVALID_INPUT', `${noticeState(env.db).text}\nRun again with --accept-notice to acknowledge this once.`, { reason: 'notice_not_acknowledged' });
        acknowledgeNotice(env.db);
      }
      const accountId = pickAccount(env.accounts, a.account).id;
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
