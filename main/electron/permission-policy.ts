import { isAppUrl } from './app-origin';

/**
 * Permissions the app window may have, and only on its own origin. Copying to the clipboard
 * (e.g. a record link) is the one capability the UI uses; camera, microphone, location,
 * notifications, openExternal, HID/USB/serial and everything added by future Chromium
 * versions are refused because they are not on this list.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function permissionPolicy(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/**
 * Which network requests a renderer of this app may make. In Electron the renderer has no
 * reason to touch the network at all (the core does every CRM call from main), so anything that
 * is not the bundle or an inline resource is cancelled: a backstop behind the CSP for the email
 * preview's remote images, tracking pixels and stray links.
 */
const RENDERER_SCHEMES: ReadonlySet<string> = new Set(['app:', 'data:', 'blob:', 'about:', 'devtools:']);

export function rendererRequestPolicy(url: string): 'allow' | 'cancel' {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return 'cancel';
  }
  if (protocol === 'app:') return isAppUrl(url) ? 'allow' : 'cancel';
  return RENDERER_SCHEMES.has(protocol) ? 'allow' : 'cancel';
}
