import { readFileSync } from 'node:fs';
import type { AttachmentView } from '../contract/mail';

/** Raster types only: an SVG can carry script and external references. */
const PREVIEW_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface InlineImageLimits {
  maxImageBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_INLINE_IMAGE_LIMITS: InlineImageLimits = { maxImageBytes: 5 * 1024 * 1024, maxTotalBytes: 20 * 1024 * 1024 };

export interface InlineImageSource {
  attachments: readonly AttachmentView[];
  /** Path of the spooled attachment, or null when it is gone. */
  pathOf(index: number): string | null;
}

/**
 * The `cid:` images an HTML body can show, as data: URLs, within size caps. Everything is read
 * from the local spool: a preview never fetches anything.
 */
export function inlineImages(src: InlineImageSource, limits: InlineImageLimits = DEFAULT_INLINE_IMAGE_LIMITS) {
  const cidImages: { contentId: string; dataUrl: string }[] = [];
  let omittedImages = 0;
  let total = 0;
  for (const a of src.attachments) {
    if (!a.contentId) continue;
    const type = a.contentType.toLowerCase();
    if (!PREVIEW_IMAGE_TYPES.has(type) || a.size > limits.maxImageBytes || total + a.size > limits.maxTotalBytes) {
      if (type.startsWith('image/')) omittedImages++;
      continue;
    }
    const path = src.pathOf(a.index);
    if (!path) {
      omittedImages++;
      continue;
    }
    const bytes = readFileSync(path);
    total += bytes.byteLength;
    cidImages.push({ contentId: a.contentId.replace(/^<|>$/g, ''), dataUrl: `data:${type};base64,${bytes.toString('base64')}` });
  }
  return { cidImages, omittedImages };
}
