/**
 * URLs the app may hand to the OS (`shell.openExternal`), e.g. "open this record in the CRM".
 * Only https: and mailto: — the OS would happily run file:, smb:, ms-msdt:, search-ms: or any
 * registered custom handler, several of which have been remote-code-execution vectors.
 */
export type SafeExternalUrl = string & { readonly __brand: 'SafeExternalUrl' };

export function isSafeExternalUrl(raw: unknown): raw is SafeExternalUrl {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  // Control characters and whitespace are where parsers disagree; a real link never needs them.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') {
    // Userinfo ("https://crm.example.com@evil.example") is a classic way to disguise the host.
    return url.username === '' && url.password === '' && url.hostname !== '' && !(raw.slice(8).split(/[/?#]/)[0] ?? '').includes('@');
  }
  if (url.protocol === 'mailto:') {
    return url.pathname.includes('@') && !/[<>"]/.test(raw);
  }
  return false;
}
