import { createHash } from 'node:crypto';
import type { NormalisedMail } from './model';

/**
 * vtenext's `messagehash`: sha1(messageid . subject) with the Message-ID as in the header
 * (angle brackets kept) and the subject as text ([MessagesRelationManager::getMessageHash],
 * see ../shared/docs/vtenext-webservice.md §7.2). Null without a Message-ID, because the server
 * then invents one and the hash cannot be known in advance.
 */
export function vteMessageHash(messageId: string | null, subject: string): string | null {
  if (!messageId) return null;
  return createHash('sha1').update(`${messageId}${subject}`, 'utf8').digest('hex');
}

/** A stable key for the same mail captured twice when it has no Message-ID (e.g. drafts). */
export function clientKey(m: NormalisedMail): string {
  const addr = (list: { address: string }[]) => list.map((a) => a.address.toLowerCase()).sort().join(',');
  const body = createHash('sha256').update(m.text ?? m.html ?? '', 'utf8').digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([addr(m.from), addr(m.to), addr(m.cc), m.date ?? '', m.subject, body]), 'utf8')
    .digest('hex');
}
