import { AppError } from '../../../app/errors';
import { listHistory } from '../../../app/history';
import type { Command } from '../command';
import { openOutboxEnv } from '../env';

const USAGE = 'history [--limit <n>] [--account <id>]';

export const historyCommand: Command = {
  name: 'history',
  usage: USAGE,
  summary: 'Every email this app linked: what, where, when, the CRM ids and an "open in CRM" URL.',
  async run(args, ctx) {
    let limit = 50;
    let account: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--limit') limit = Number(args[++i]);
      else if (args[i] === '--account') account = args[++i];
      else throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
    }
    if (!Number.isInteger(limit) || limit < 1) throw new AppError('INVALID_INPUT', '--limit takes a positive number');
    const env = openOutboxEnv(ctx);
    try {
      ctx.stdout(`${JSON.stringify(listHistory(env.db, { limit, ...(account ? { accountId: account } : {}) }), null, 2)}\n`);
      return 0;
    } finally {
      await env.close();
    }
  },
};
