import type { NavigationEventPort, PreventableEventPort, WebContentsPort } from './electron-ports';
import { navigationPolicy } from './navigation-policy';

export interface GuardLog {
  warn(message: string, extra?: Record<string, unknown>): void;
}

/**
 * Locks one webContents down: no navigation away from the app (top frame, sub-frames and
 * server redirects alike), no new windows, no <webview>. Installed for every webContents the
 * app creates (via `web-contents-created`), so a window added later cannot forget it.
 */
export function guardWebContents(contents: WebContentsPort, log: GuardLog): void {
  const mustBlock = (kind: string, event: NavigationEventPort): boolean => {
    if (navigationPolicy(event.url, { isMainFrame: event.isMainFrame }) === 'allow') return false;
    log.warn(`${kind} blocked`, { url: event.url.slice(0, 200) });
    return true;
  };

  contents.on('will-navigate', (event: NavigationEventPort) => {
    if (mustBlock('navigation', event)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event: NavigationEventPort) => {
    if (mustBlock('frame navigation', event)) event.preventDefault();
  });
  contents.on('will-redirect', (event: NavigationEventPort) => {
    if (mustBlock('redirect', event)) event.preventDefault();
  });

  // New windows are never needed: links meant for the browser go through isSafeExternalUrl and
  // an explicit user action, not window.open or target=_blank.
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open denied', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event: PreventableEventPort) => {
    event.preventDefault();
    log.warn('<webview> attach blocked');
  });
}
