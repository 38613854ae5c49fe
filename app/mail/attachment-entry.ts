import { fallbackName } from './content-type';
import type { NormalisedAttachment } from './model';
import { sanitizeFileName } from './safe-name';
import type { BlobRef } from './sink';

/**
 * One attachment of the normalised model, the same way for every format: the name made safe
 * (with a numbered fallback), the bytes already spooled, not yet an embedded message.
 */
export function attachmentEntry(a: {
  originalName: string;
  contentType: string;
  ref: BlobRef;
  /** Position among the mail's attachments (0-based). */
  index: number;
  contentId: string | null;
  inline: boolean;
}): NormalisedAttachment {
  return {
    name: sanitizeFileName(a.originalName, fallbackName(a.contentType, a.index + 1)),
    originalName: a.originalName,
    contentType: a.contentType,
    size: a.ref.size,
    sha256: a.ref.sha256,
    contentId: a.contentId,
    inline: a.inline,
    embeddedIndex: null,
    stagedPath: a.ref.stagedPath,
  };
}
