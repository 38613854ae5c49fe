import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';

/**
 * The slices of Electron's main-process API the shell uses, as plain structural types. The
 * factories take these as parameters instead of importing 'electron', so they run under Node
 * in unit tests against the electron stand-in (the runtime cannot exist on this machine), and
 * the composition root passes the real objects, which the compiler checks against these shapes.
 */

/** The part of WebFrameMain a sender check needs. */
export interface FramePort {
  readonly url: string;
  readonly origin: string;
  readonly parent: FramePort | null;
  readonly detached: boolean;
}

export interface InvokeEventPort {
  readonly senderFrame: FramePort | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEventPort, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface NavigationEventPort {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

export interface PreventableEventPort {
  preventDefault(): void;
}

export interface WebContentsPort {
  on(event: 'will-navigate', listener: (event: NavigationEventPort) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEventPort) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventPort) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEventPort) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface SenderContentsPort {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}

export interface PermissionRequestDetailsPort {
  readonly requestingUrl?: string;
}

export interface WebRequestDetailsPort {
  readonly url: string;
}

export interface SessionPort {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetailsPort) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  readonly webRequest: {
    onBeforeRequest(listener: (details: WebRequestDetailsPort, callback: (response: { cancel: boolean }) => void) => void): void;
  };
  readonly protocol: {
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
}

export interface WindowPort {
  readonly webContents: WebContentsPort & SenderContentsPort;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type WindowConstructorPort = new (options: BrowserWindowConstructorOptions) => WindowPort;

export interface AppPort {
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  setPath(name: 'userData' | 'sessionData', path: string): void;
  isReady(): boolean;
  quit(): void;
}

export interface ProtocolRegistrarPort {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
}
