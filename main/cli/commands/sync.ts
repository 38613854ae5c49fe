import { parseCommandArgs, stringOpt } from '../args';
import type { Command } from '../command';
import { applySessionKey, openAccountsEnv, pickAccount } from '../env';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--reconcile] [--account <user>@<url>]',
  summary: "Refresh the local cache from the CRM (only what this user may see); --reconcile sweeps all ids now.",
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { reconcile: { type: 'boolean' }, account: { type: 'string' }, json: { type: 'boolean' } }, this.usage);
    const env = openAccountsEnv(ctx);
    try {
      const account = pickAccount(env.accounts, stringOpt(values.account));
      applySessionKey(env.accounts, account, process.env);
      const report = await env.accounts.sync(account.id).run({ reconcile: values.reconcile === true });
      const cache = env.accounts.cache(account.id);
      if (values.json) ctx.stdout(`${JSON.stringify({ account: account.id, ...report, records: cache.count() }, null, 2)}\n`);
      else {
        for (const m of report.modules) {
          ctx.stdout(`${m.module}\tfetched ${m.fetched}\tadded ${m.added}\tremoved ${m.removed}${m.error ? `\terror ${m.error.code}: ${m.error.message}` : ''}\n`);
        }
        for (const p of report.purgedModules) ctx.stdout(`${p}\tpurged (no longer visible)\n`);
        ctx.stdout(`${cache.count()} records cached for ${account.id}\n`);
      }
      return report.modules.some((m) => m.error) ? 1 : 0;
    } finally {
      await env.close();
    }
  },
};
