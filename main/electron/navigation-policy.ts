import { isAppUrl } from './app-origin';

export type NavigationVerdict = 'allow' | 'deny';

/**
 * Where may a frame of the app window go? The top frame stays on the app origin. Sub-frames
 * (the sandboxed email preview) may also hold their own inline document (about:srcdoc,
 * about:blank) but never leave for the web: a link in an email is opened, if at all, through
 * the explicit "open in browser" action, not by navigating the app.
 */
export function navigationPolicy(url: string, frame: { isMainFrame: boolean } = { isMainFrame: true }): NavigationVerdict {
  if (isAppUrl(url)) return 'allow';
  if (!frame.isMainFrame && (url === 'about:srcdoc' || url === 'about:blank')) return 'allow';
  return 'deny';
}
