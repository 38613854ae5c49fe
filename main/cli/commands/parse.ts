import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { AppError } from '../../../app/errors';
import type { ParsedMailView } from '../../../app/contract/mail';
import { parseMailFile, toView } from '../../../app/mail';
import type { Command } from '../command';

type CliMail = Omit<ParsedMailView, 'embedded'> & { children: CliMail[] };

/** The documented CLI shape: embedded messages are `children` (the same model, recursively). */
function cliModel(view: ParsedMailView): CliMail {
  const { embedded, ...rest } = view;
  return { ...rest, children: embedded.map(cliModel) };
}

export const parseCommand: Command = {
  name: 'parse',
  usage: 'parse <file>',
  summary: 'Parse an .eml, .msg or winmail.dat file (isolated) and print the normalised email as JSON.',
  async run(args, ctx) {
    const [file, ...rest] = args;
    if (!file || rest.length > 0) throw new AppError('INVALID_INPUT', 'usage: parse <file>');
    try {
      await access(file, constants.R_OK);
    } catch (e) {
      throw new AppError('NOT_FOUND', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (!(await stat(file)).isFile()) throw new AppError('INVALID_INPUT', `${file} is not a file`);
    // The parser reads the file itself; this process never holds the mail's bytes.
    const mail = await parseMailFile(file, { fileName: file, ...(ctx.workerEntry ? { worker: ctx.workerEntry } : {}) });
    ctx.stdout(`${JSON.stringify(cliModel(toView(mail)), null, 2)}\n`);
    return 0;
  },
};
