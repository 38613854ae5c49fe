import type { SessionPort } from './electron-ports';
import { permissionPolicy, rendererRequestPolicy } from './permission-policy';
import type { GuardLog } from './web-contents-guards';

/**
 * Session-wide backstops for the renderer's session: permission requests and checks are
 * decided by the allowlist, and every request that is not the bundle or inline data is
 * cancelled. Main must therefore never use Electron's `net` on this session for CRM traffic;
 * the core uses Node's own HTTP stack, which this hook does not see.
 */
export function guardSession(session: SessionPort, log: GuardLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionPolicy(permission, details.requestingUrl ?? '');
    if (!granted) log.warn('permission request denied', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionPolicy(permission, requestingOrigin));
  session.webRequest.onBeforeRequest((details, callback) => {
    const verdict = rendererRequestPolicy(details.url);
    if (verdict === 'cancel') log.warn('renderer request cancelled', { url: details.url.slice(0, 200) });
    callback({ cancel: verdict === 'cancel' });
  });
}
