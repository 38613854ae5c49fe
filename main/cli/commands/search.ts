import { AppError } from '../../../app/errors';
import { listOpt, parseCommandArgs, stringOpt } from '../args';
import type { Command } from '../command';
import { openAccountsEnv, pickAccount } from '../env';

export const searchCommand: Command = {
  name: 'search',
  usage: 'search <text> [--module M] [--limit N] [--json] [--account <user>@<url>]',
  summary: 'Type-ahead search over the cached records (offline).',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { module: { type: 'string', multiple: true }, limit: { type: 'string' }, json: { type: 'boolean' }, account: { type: 'string' } },
      this.usage,
    );
    const text = positionals.join(' ');
    if (text.trim() === '') throw new AppError('INVALID_INPUT', `usage: ${this.usage}`);
    const env = openAccountsEnv(ctx);
    try {
      const account = pickAccount(env.accounts, stringOpt(values.account));
      const hits = env.accounts.search(account.id).search(text, { ...(listOpt(values.module) ? { modules: listOpt(values.module)! } : {}), limit: Number(stringOpt(values.limit) ?? 20) });
      if (values.json) ctx.stdout(`${JSON.stringify(hits, null, 2)}\n`);
      else for (const h of hits) ctx.stdout(`${h.id}\t${h.module}\t${h.label}\t${h.emails.join(',')}${h.linkable ? '' : '\t(not linkable)'}\n`);
      return 0;
    } finally {
      await env.close();
    }
  },
};

export const recordsCommand: Command = {
  name: 'records',
  usage: 'records [--module M] [--json] [--account <user>@<url>]',
  summary: 'List the cached records (id, module, label).',
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { module: { type: 'string' }, json: { type: 'boolean' }, account: { type: 'string' } }, this.usage);
    const env = openAccountsEnv(ctx);
    try {
      const account = pickAccount(env.accounts, stringOpt(values.account));
      const records = env.accounts.cache(account.id).records(stringOpt(values.module));
      if (values.json) ctx.stdout(`${JSON.stringify(records.map((r) => ({ id: r.id, module: r.module, label: r.label })), null, 2)}\n`);
      else for (const r of records) ctx.stdout(`${r.id}\t${r.module}\t${r.label}\n`);
      return 0;
    } finally {
      await env.close();
    }
  },
};
