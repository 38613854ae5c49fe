import { convert } from 'html-to-text';

const MAX_HTML = 4 * 1024 * 1024;

/**
 * A plain-text body for Outlook items and TNEF that carry HTML only, so every mail has a text
 * fallback (the preview's and the CRM's). Bounded like mailparser's own conversion.
 */
export function textFromHtml(html: string, warn: (m: string) => void): string | null {
  if (html.length > MAX_HTML) {
    warn('no text derived from HTML: the HTML body is too long');
    return null;
  }
  try {
    return convert(html, { wordwrap: false, limits: { maxDepth: 256, maxInputLength: MAX_HTML } }).trim();
  } catch (e) {
    warn(`no text derived from HTML: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
