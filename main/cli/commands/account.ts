import { AppError } from '../../../app/errors';
import { parseCommandArgs, readStdin, stringOpt } from '../args';
import type { Command } from '../command';
import { openAccountsEnv } from '../env';

const USAGE = 'account add <url> <user> [--password] [--session-only] [--pin <sha256>] | account list | account remove <url> <user>';

/**
 * Accounts, non-interactively: the secret comes from CONNECTOR_ACCESS_KEY or standard input
 * (never argv, which other local users can read); `--password` sends it through login_pwd once.
 */
export const accountCommand: Command = {
  name: 'account',
  usage: 'account add|list|remove …',
  summary: 'Add (key from CONNECTOR_ACCESS_KEY or stdin), list or remove CRM accounts.',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { password: { type: 'boolean' }, 'session-only': { type: 'boolean' }, pin: { type: 'string' }, json: { type: 'boolean' } },
      USAGE,
    );
    const [verb, url, user] = positionals;
    const env = openAccountsEnv(ctx);
    try {
      if (verb === 'list') {
        const list = env.accounts.list();
        if (values.json) ctx.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else for (const a of list) ctx.stdout(`${a.id}\t${a.keyStorage}\t${a.createdAt}\n`);
        return 0;
      }
      if (!url || !user || positionals.length !== 3) throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
      if (verb === 'add') {
        const secret = process.env.CONNECTOR_ACCESS_KEY ?? (await readStdin());
        if (!secret) throw new AppError('INVALID_INPUT', 'give the access key (or, with --password, the password) in CONNECTOR_ACCESS_KEY or on standard input');
        const info = await env.accounts.add({
          url,
          userName: user,
          ...(values.password ? { password: secret } : { accessKey: secret }),
          ...(values['session-only'] ? { sessionOnly: true } : {}),
          ...(stringOpt(values.pin) ? { pinnedFingerprint256: stringOpt(values.pin)! } : {}),
        });
        ctx.stdout(`${values.json ? JSON.stringify(info) : `added ${info.id} (key in ${info.keyStorage})`}\n`);
        return 0;
      }
      if (verb === 'remove') {
        const target = env.accounts.list().find((a) => a.userName === user && (a.url === url || a.id === `${user}@${url}`)) ?? null;
        const id = target?.id ?? `${user}@${url}`;
        await env.accounts.remove(id);
        ctx.stdout(`removed ${id}\n`);
        return 0;
      }
      throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
    } finally {
      await env.close();
    }
  },
};
