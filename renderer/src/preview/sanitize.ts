import DOMPurify, { type Config } from 'dompurify';

/**
 * The email profile for DOMPurify. DOMPurify's defaults keep remote images, srcset, posters,
 * forms and CSS url()s (security-research §0.4), so this profile removes what can fetch or
 * submit, and rewrites `cid:` images to the data: URLs the core read from the spool. The frame
 * CSP (`img-src data:`) is the real guarantee; this is the layer that also keeps the markup calm.
 */
const EMAIL_PROFILE: Config = {
  FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'svg', 'math', 'base', 'link', 'meta', 'video', 'audio', 'source', 'picture', 'track', 'object', 'embed', 'iframe', 'frame', 'frameset', 'script', 'noscript', 'template', 'portal'],
  FORBID_ATTR: ['srcset', 'background', 'poster', 'action', 'formaction', 'ping', 'lowsrc', 'dynsrc', 'usemap'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|cid:|data:image\/(?:png|jpeg|gif|webp);)/i,
  // Keep a leading <style> block (Outlook mails put all their layout there).
  FORCE_BODY: true,
  WHOLE_DOCUMENT: false,
  RETURN_TRUSTED_TYPE: false,
};

const CSS_FETCHES = /url\s*\(|@import|image-set\s*\(|expression\s*\(/i;

export interface SanitizedHtml {
  html: string;
  /** Remote images (and CSS fetches) that were removed; the UI says so. */
  blockedRemote: number;
}

export function sanitizeEmailHtml(raw: string, cidImages: ReadonlyMap<string, string>): SanitizedHtml {
  const purify = DOMPurify(window);
  let blockedRemote = 0;

  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent && CSS_FETCHES.test(node.textContent)) {
      node.textContent = node.textContent.replace(/@import[^;]*;?/gi, '').replace(/(url|image-set|expression)\s*\([^)]*\)/gi, () => {
        blockedRemote++;
        return 'none';
      });
    }
  });

  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'style' && CSS_FETCHES.test(data.attrValue)) {
      blockedRemote++;
      data.keepAttr = false;
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (/^cid:/i.test(src)) {
        const data = cidImages.get(decodeURIComponent(src.slice(4)).replace(/^<|>$/g, ''));
        if (data) node.setAttribute('src', data);
        else node.removeAttribute('src');
      } else if (!/^data:image\//i.test(src)) {
        if (src !== '') blockedRemote++;
        node.removeAttribute('src');
      }
    }
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      // Links are inert: a new-window target in a frame without allow-popups goes nowhere, where
      // a plain link would navigate the preview frame itself away from the email. The title
      // shows where the link points.
      node.setAttribute('title', node.getAttribute('href') ?? '');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  const html = String(purify.sanitize(raw, EMAIL_PROFILE));
  purify.removeAllHooks();
  return { html, blockedRemote };
}

/** The frame's own CSP, first in its head: images from data: only, no fetch of any kind. */
export const PREVIEW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";

export function previewDocument(sanitizedBody: string, lang: string): string {
  return `<!doctype html><html lang="${lang === 'it' ? 'it' : 'en'}"><head><meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><meta charset="utf-8"><style>body{font-family:system-ui,sans-serif;font-size:14px;margin:12px;color:#1d1d1f;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${sanitizedBody}</body></html>`;
}
