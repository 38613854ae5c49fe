import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, session, Tray, utilityProcess } from 'electron';
import { createDispatcher } from '../../app/api/dispatch';
import type { ShellHandlers } from '../../app/api/handlers';
import { createCore, type Core } from '../../app/core';
import { demoFromEnv } from '../../app/core/demo';
import { fileLogger } from '../../app/log';
import { appPaths, dataHome } from '../../app/paths';
import { APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { prepareApp } from './app-setup';
import { createEventSink, registerConnectorIpc } from './connector-ipc';
import { DesktopSettingsStore } from './desktop-settings';
import { createDesktopHandlers, desktopFeatures } from './desktop-handlers';
import { startDesktop, type DesktopShell } from './desktop-shell';
import { DesktopStatus } from './desktop-status';
import { HIDDEN_ARG } from './login-item';
import { mailFilesFromArgv } from './mail-files';
import { importPaths } from './path-intake';
import { AppWindows, openMainWindow } from './main-window';
import type { WindowPort } from './electron-ports';
import { guardSession } from './session-guards';
import { guardWebContents } from './web-contents-guards';
import { utilityParserSpawner } from './utility-parser-spawner';
import { unavailableShellHandlers } from '../headless/shell-handlers';

/**
 * Composition root of the Electron shell (bundled to dist/electron/main.cjs). Data lives in
 * `dataHome(process.env)` — CONNECTOR_HOME when set, else the OS app-data directory — the same
 * place the CLI and the headless shell use, so all three see one database; Electron's own
 * profile goes below it (see prepareApp).
 */
const home = dataHome(process.env);
const log = fileLogger(appPaths(home).logs, 'electron.log');
const windows = new AppWindows();
const status = new DesktopStatus('closed');
let core: Core | undefined;
let desktop: DesktopShell | undefined;
let mainWindow: WindowPort | undefined;
let closing = false;
// Files the OS handed over before the core was up (first launch's argv, macOS open-file).
const pendingFiles: string[] = mailFilesFromArgv(process.argv, { workingDirectory: process.cwd(), isPackaged: app.isPackaged });

function openFiles(paths: readonly string[]): void {
  if (paths.length === 0) return;
  if (desktop) void desktop.openFiles(paths);
  else if (core) {
    // The desktop integration failed or is still starting: import straight into the core.
    const { handlers } = core;
    void importPaths(paths, (fileName, bytes) => handlers['mail.import']({ fileName, bytes })).then((outcomes) => {
      for (const o of outcomes) if (!o.ok) log.warn('a file handed to the app was not imported', { code: o.code, message: o.message });
    });
  } else pendingFiles.push(...paths);
}

if (prepareApp({ app, protocol }, home) === 'primary') {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
  app.on('second-instance', (_event, argv: string[], workingDirectory: string) => {
    const files = mailFilesFromArgv(argv, { workingDirectory, isPackaged: app.isPackaged });
    openFiles(files);
    // "Open with" on a file brings the inbox forward; a bare second launch does too.
    if (core) showMainWindow();
  });
  // macOS delivers "open with", Dock and Finder drops as open-file, possibly before ready.
  app.on('open-file', (event, path: string) => {
    event.preventDefault();
    openFiles([path]);
  });
  // The tray keeps the app running with no window; without a tray (it failed) closing the last
  // window quits, so no invisible instance holds the data home's lock.
  app.on('window-all-closed', () => {
    if (!desktop) app.quit();
  });
  // macOS: a click on the Dock icon of a tray-resident app brings the window back.
  app.on('activate', () => {
    if (core) showMainWindow();
  });
  app.on('before-quit', () => desktop?.prepareQuit());
  app.on('will-quit', (event) => {
    if (desktop) {
      desktop.dispose();
      desktop = undefined;
    }
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
  const sink = createEventSink(() => windows.contents());
  core = await createCore({
    home,
    shell: 'electron',
    emit: (name, payload) => {
      status.onEvent(name, payload);
      sink(name, payload);
    },
    log,
    locale: app.getLocale().toLowerCase().startsWith('it') ? 'it' : 'en',
    ...(demo ? { demo } : {}),
    ...(existsSync(bundledWorker) ? { workerEntry: { path: bundledWorker, execArgv: [] } } : {}),
    // Not child_process.fork: in Electron that needs RunAsNode, a fuse packaged builds turn off
    // (build/fuses.cjs). utilityProcess is Electron's supported Node child.
    spawnParser: utilityParserSpawner(utilityProcess),
  });
  const settings = new DesktopSettingsStore(home, log);
  // Without a tray and palette the window still works; the shell's own calls then say so.
  let shellHandlers: ShellHandlers = unavailableShellHandlers();
  try {
    desktop = await startDesktop(
      { Tray, Menu, nativeImage, BrowserWindow, globalShortcut, Notification, app },
      {
        handlers: core.handlers,
        status,
        settings,
        windows,
        window: windowSettings(),
        showMainWindow,
        showMail: (id) => sink('desktop.showMail', { id }),
        isAppFocused: () => BrowserWindow.getFocusedWindow() !== null,
        quit: () => app.quit(),
        platform: process.platform,
        env: process.env,
        isPackaged: app.isPackaged,
        execPath: process.execPath,
        userHome: homedir(),
        log,
      },
    );
    shellHandlers = createDesktopHandlers({
      desktop,
      settings,
      features: desktopFeatures(process.platform, app.isPackaged),
      dialog,
      changed: (view) => sink('desktop.changed', view),
    });
  } catch (err) {
    log.error('the desktop integration (tray, palette, watch folder) failed to start', err);
  }
  registerConnectorIpc({ ipcMain }, createDispatcher({ ...core.handlers, ...shellHandlers }, log), log);
  if (!desktop || !process.argv.includes(HIDDEN_ARG)) showMainWindow();
  openFiles(pendingFiles.splice(0));
}

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  mainWindow = openMainWindow({ BrowserWindow }, windows, windowSettings(), log);
}

function windowSettings() {
  return { preloadPath: join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'), devTools: !app.isPackaged };
}
