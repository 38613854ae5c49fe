/**
 * The renderer's one origin. A standard, secure custom scheme gives the bundle a real origin
 * (so CSP 'self', cookies-off storage and sender checks have something to compare against)
 * without the extra powers Chromium grants file:// pages.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs whose parsed origin is exactly the app's; string prefixes are not enough. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Node's URL does not know `app` is a standard scheme, so compare the parts rather than `origin`.
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
