import type { CoreHandlers, EmitEvent } from '../api/handlers';
import type { CapturedMail } from '../contract/mail';
import { AppError } from '../errors';
import type { MailIntake } from '../mail';
import { inlineImages } from '../preview/inline-images';

type MailCalls = Pick<CoreHandlers, 'mail.import' | 'mail.list' | 'mail.get' | 'mail.preview' | 'mail.remove'>;

/** The captured email, or the one error every call gives when it is gone. */
export function requireMail(intake: MailIntake, id: string): CapturedMail {
  const found = intake.get(id);
  if (!found) throw new AppError('NOT_FOUND', 'That email is no longer in the inbox.', { id });
  return found;
}

export function createMailHandlers(deps: { intake: MailIntake; emit: EmitEvent }): MailCalls {
  const { intake, emit } = deps;
  return {
    'mail.import': async ({ fileName, bytes }) => {
      emit('progress', { topic: 'intake', done: 0, total: 1, label: fileName });
      try {
        const captured = await intake.import(fileName, bytes);
        emit('mail.captured', captured.summary);
        return captured;
      } finally {
        emit('progress', { topic: 'intake', done: 1, total: 1, label: fileName });
      }
    },
    'mail.list': async () => intake.list(),
    'mail.get': async ({ id }) => requireMail(intake, id),
    'mail.preview': async ({ id }) => {
      const { mail } = requireMail(intake, id);
      const images = inlineImages({ attachments: mail.attachments, pathOf: (index) => intake.openAttachment(id, index)?.path ?? null });
      return { html: mail.html, text: mail.text, ...images };
    },
    'mail.remove': async ({ id }) => {
      const removed = intake.remove(id);
      if (removed) emit('mail.removed', { id });
      return { removed };
    },
  };
}
