import { AppError } from '../../../app/errors';
import { acknowledgeNotice, corporateDomains, noticeState, setCorporateDomains } from '../../../app/history';
import type { LinkJob } from '../../../app/outbox';
import type { Command } from '../command';
import { openOutboxEnv } from '../env';

const USAGE = 'outbox list|drain [--patience <s>]|retry <job>|cancel <job>|retarget <job> --to <id>[,…]|skip <job> <attachment-index>|domains [<d>,…]|notice [--accept]';

function brief(j: LinkJob) {
  return {
    id: j.id,
    state: j.state,
    reason: j.reason,
    subject: j.subject,
    account: j.accountId,
    targets: j.targets.map((t) => `${t.wsId}:${t.state}`),
    attachments: j.attachments.map((a) => `${a.index}:${a.name}:${a.state}`),
    attempts: j.attempts,
    nextAttemptAt: j.nextAttemptAt,
    error: j.lastError,
    message: j.messageWsId,
  };
}

export const outboxCommand: Command = {
  name: 'outbox',
  usage: USAGE,
  summary: 'Show and manage queued links; `drain` sends until the queue is empty or every job left is blocked.',
  async run(args, ctx) {
    const [sub, ...rest] = args;
    const env = openOutboxEnv(ctx);
    const print = (v: unknown) => ctx.stdout(`${JSON.stringify(v, null, 2)}\n`);
    const jobArg = () => {
      const id = rest[0];
      if (!id) throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
      return id;
    };
    try {
      switch (sub) {
        case 'list':
          print(env.outbox.list().map(brief));
          return 0;
        case 'drain': {
          const i = rest.indexOf('--patience');
          const patience = i >= 0 ? Number(rest[i + 1]) : 60;
          if (!Number.isFinite(patience) || patience < 0) throw new AppError('INVALID_INPUT', '--patience takes seconds');
          const summary = await env.outbox.drain({ patienceMs: patience * 1000 });
          print({ ...summary, jobs: env.outbox.list().filter((j) => j.state !== 'done' && j.state !== 'cancelled').map(brief) });
          return summary.remaining === 0 ? 0 : 3;
        }
        case 'retry':
          env.outbox.retry(jobArg());
          print(brief(env.outbox.get(jobArg())!));
          return 0;
        case 'cancel':
          env.outbox.cancel(jobArg());
          print(brief(env.outbox.get(jobArg())!));
          return 0;
        case 'retarget': {
          const i = rest.indexOf('--to');
          const to = i >= 0 ? (rest[i + 1] ?? '').split(',').filter(Boolean) : [];
          env.outbox.retarget(jobArg(), to);
          print(brief(env.outbox.get(jobArg())!));
          return 0;
        }
        case 'skip': {
          const index = Number(rest[1]);
          if (!Number.isInteger(index)) throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
          env.outbox.skipAttachment(jobArg(), index);
          print(brief(env.outbox.get(jobArg())!));
          return 0;
        }
        case 'domains':
          print({ domains: rest[0] === undefined ? corporateDomains(env.db) : setCorporateDomains(env.db, rest[0].split(',')) });
          return 0;
        case 'notice':
          print(rest.includes('--accept') ? acknowledgeNotice(env.db) : noticeState(env.db));
          return 0;
        default:
          throw new AppError('INVALID_INPUT', `usage: ${USAGE}`);
      }
    } finally {
      await env.close();
    }
  },
};
