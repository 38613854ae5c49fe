import { AppError } from '../errors';
import type { MailLimits } from './limits';
import type { BlobRef, BlobSink } from './sink';
import type { NormalisedMail } from './model';

/** State shared by one top-level parse and all its embedded messages. */
export interface ParseContext {
  limits: MailLimits;
  sink: BlobSink;
  depth: number;
  /** Attachments plus embedded messages seen so far, over all levels. */
  parts: { count: number };
  /** Parses an embedded message's bytes (any format) one level deeper. */
  parseNested(bytes: Buffer, ctx: ParseContext): Promise<NormalisedMail>;
  /**
   * The same for an embedded message the sink has already staged, read back from its file
   * (streamed when large) instead of held in memory. Absent: embedded messages are kept as bytes.
   */
  parseStaged?(blob: BlobRef & { stagedPath: string }, ctx: ParseContext): Promise<NormalisedMail>;
}

export function countPart(ctx: ParseContext): void {
  ctx.parts.count += 1;
  if (ctx.parts.count > ctx.limits.maxParts) {
    throw new AppError('MAIL_TOO_COMPLEX', `more than ${ctx.limits.maxParts} parts`, { limit: 'maxParts', value: ctx.limits.maxParts });
  }
}

export function childContext(ctx: ParseContext): ParseContext {
  if (ctx.depth + 1 > ctx.limits.maxDepth) {
    throw new AppError('MAIL_TOO_COMPLEX', `embedded messages nested deeper than ${ctx.limits.maxDepth}`, { limit: 'maxDepth', value: ctx.limits.maxDepth });
  }
  return { ...ctx, depth: ctx.depth + 1 };
}
