import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { createDispatcher } from '../../app/api/dispatch';
import { createCore, type Core } from '../../app/core';
import { demoFromEnv } from '../../app/core/demo';
import { fileLogger } from '../../app/log';
import { appPaths, dataHome } from '../../app/paths';
import { APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { prepareApp } from './app-setup';
import { createEventSink, registerConnectorIpc } from './connector-ipc';
import { AppWindows, openMainWindow } from './main-window';
import { guardSession } from './session-guards';
import { guardWebContents } from './web-contents-guards';

/**
 * Composition root of the Electron shell (bundled to dist/electron/main.cjs). Data lives in
 * `dataHome(process.env)` — CONNECTOR_HOME when set, else the OS app-data directory — the same
 * place the CLI and the headless shell use, so all three see one database; Electron's own
 * profile goes below it (see prepareApp).
 */
const home = dataHome(process.env);
const log = fileLogger(appPaths(home).logs, 'electron.log');
const windows = new AppWindows();
let core: Core | undefined;
let closing = false;

if (prepareApp({ app, protocol }, home) === 'primary') {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
  app.on('second-instance', () => {
    const window = windows.first();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Quit on macOS too: there is no menu-bar-only mode, and a windowless instance would keep holding
  // the data home's single-instance lock and the database.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core || closing) return;
    // Hold the quit until the core has flushed its database and stopped its parser process.
    event.preventDefault();
    closing = true;
    const closed = core;
    core = undefined;
    closed
      .close()
      .catch((err: unknown) => log.error('closing the core failed', err))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      log.error('the Electron shell failed to start', err);
      dialog.showErrorBox('vtenext Mail Connector', 'The app could not start. The details are in the log.');
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  guardSession(session.defaultSession, log);
  session.defaultSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appRoot, 'dist', 'renderer'), log));
  const bundledWorker = join(appRoot, 'dist', 'node', 'mail-worker.mjs');
  const demo = demoFromEnv(process.env);
  core = await createCore({
    home,
    shell: 'electron',
    emit: createEventSink(() => windows.contents()),
    log,
    locale: app.getLocale().toLowerCase().startsWith('it') ? 'it' : 'en',
    ...(demo ? { demo } : {}),
    // The core starts this with child_process.fork, which in Electron relies on RunAsNode — a
    // fuse packaged builds turn off (build/fuses.cjs). Packaged apps need a utilityProcess spawner.
    ...(existsSync(bundledWorker) ? { workerEntry: { path: bundledWorker, execArgv: [] } } : {}),
  });
  registerConnectorIpc({ ipcMain }, createDispatcher(core.handlers, log), log);
  openMainWindow(
    { BrowserWindow },
    windows,
    { preloadPath: join(appRoot, 'dist', 'electron', 'preload.cjs'), devTools: !app.isPackaged },
    log,
  );
}
