import { AppError } from '../../app/errors';
import type { Command, CliContext } from './command';
import { accountCommand } from './commands/account';
import { historyCommand } from './commands/history';
import { linkCommand } from './commands/link';
import { outboxCommand } from './commands/outbox';
import { parseCommand } from './commands/parse';
import { recordsCommand, searchCommand } from './commands/search';
import { syncCommand } from './commands/sync';

export const commands: readonly Command[] = [parseCommand, accountCommand, syncCommand, searchCommand, recordsCommand, linkCommand, outboxCommand, historyCommand];

function help(): string {
  return [
    'usage: connector <command> [arguments]',
    '',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Data lives in CONNECTOR_HOME when set, otherwise in the OS app-data directory.',
    '',
  ].join('\n');
}

/**
 * Runs one CLI command. Errors are printed to stderr as one JSON object `{ code, message }` so
 * scripts can branch on the code; stdout carries only the command's data.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(`${JSON.stringify({ code: 'UNKNOWN_CALL', message: `unknown command ${name}` })}\n${help()}`);
    return 2;
  }
  try {
    return await command.run(args, ctx);
  } catch (e) {
    if (e instanceof AppError) {
      ctx.stderr(`${JSON.stringify(e.toShape())}\n`);
      return e.code === 'INVALID_INPUT' ? 2 : 1;
    }
    ctx.log.error(`command ${name} failed`, e);
    ctx.stderr(`${JSON.stringify({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) })}\n`);
    return 1;
  }
}
