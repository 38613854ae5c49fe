import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Options for the one app window. Every security-relevant preference is spelled out even where
 * it matches Electron's default, so a future default change or a stray spread cannot weaken it
 * silently, and the unit test reads the intent directly (security checklist items 2–4, 6, 8–11).
 */
export interface MainWindowSettings {
  preloadPath: string;
  /** Off in packaged builds: DevTools would give anyone at the keyboard a console inside the trusted origin. */
  devTools: boolean;
}

export function mainWindowOptions({ preloadPath, devTools }: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'vtenext Mail Connector',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableDialogs: false,
      autoplayPolicy: 'user-gesture-required',
      devTools,
    },
  };
}
