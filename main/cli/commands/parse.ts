import { readFile } from 'node:fs/promises';
import { AppError } from '../../../app/errors';
import type { ParsedMailView } from '../../../app/contract/mail';
import { parseMailBytes, toView } from '../../../app/mail';
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
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      throw new AppError('NOT_FOUND', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const mail = await parseMailBytes(bytes, { fileName: file, ...(ctx.workerEntry ? { worker: ctx.workerEntry } : {}) });
    ctx.stdout(`${JSON.stringify(cliModel(toView(mail)), null, 2)}\n`);
    return 0;
  },
};
