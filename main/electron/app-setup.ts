import { join } from 'node:path';
import { APP_SCHEME } from './app-origin';
import type { AppPort, ProtocolRegistrarPort } from './electron-ports';

export type AppSetupOutcome = 'primary' | 'second-instance';

/**
 * Everything that must happen before `ready`, in the order Electron requires:
 * - the Chromium profile moves under the data home, so CONNECTOR_HOME isolates a test run
 *   completely and the single-instance lock (keyed on userData) is per data home;
 * - every renderer is sandboxed, including any created by code that forgets the option;
 * - app:// is registered as standard + secure, so it gets a real origin and secure-context APIs
 *   (and no bypassCSP, no service workers);
 * - a second process on the same data home hands over to the first instead of draining the
 *   same outbox concurrently.
 */
export function prepareApp(electron: { app: AppPort; protocol: ProtocolRegistrarPort }, home: string): AppSetupOutcome {
  const { app, protocol } = electron;
  if (app.isReady()) throw new Error('prepareApp must run before the app is ready');
  app.setPath('userData', join(home, 'chromium'));
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return 'second-instance';
  }
  return 'primary';
}
