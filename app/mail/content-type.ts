const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'text/rtf': 'rtf',
  'application/rtf': 'rtf',
  'application/pdf': 'pdf',
  'message/rfc822': 'eml',
  'application/vnd.ms-outlook': 'msg',
  'application/ms-tnef': 'dat',
  'application/zip': 'zip',
};

/** A readable name for a part the sender left unnamed. */
export function fallbackName(contentType: string, ordinal: number): string {
  const ext = EXT[contentType.toLowerCase()];
  if (contentType.toLowerCase() === 'message/rfc822') return `message-${ordinal}.eml`;
  return ext ? `attachment-${ordinal}.${ext}` : `attachment-${ordinal}`;
}

export function isTnefPart(contentType: string, fileName: string): boolean {
  const ct = contentType.toLowerCase();
  return ct === 'application/ms-tnef' || ct === 'application/vnd.ms-tnef' || fileName.toLowerCase() === 'winmail.dat';
}

export function normaliseContentId(cid: string | undefined | null): string | null {
  if (cid === undefined || cid === null) return null;
  const s = cid.trim().replace(/^<|>$/g, '').trim();
  return s === '' ? null : s;
}
