import { fork as nodeFork } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type {
  AppPort,
  FramePort,
  InvokeEventPort,
  IpcMainPort,
  NavigationEventPort,
  PermissionRequestDetailsPort,
  ProtocolRegistrarPort,
  SenderContentsPort,
  SessionPort,
  WebContentsPort,
  WebRequestDetailsPort,
  WindowPort,
} from '../electron-ports';
import type { ContextBridgePort, IpcRendererPort } from '../preload-bridge';

/**
 * ELECTRON STAND-IN — a test double for the `electron` module, used because no Electron runtime
 * can exist on this machine (toolchain.md §6). It implements only the slices of the API the
 * shell's factories take as parameters (electron-ports.ts), records what they were asked to do,
 * and lets a test play the part of Chromium (fire navigations, permission requests, IPC from a
 * given frame). It proves what our code does with Electron's API, not what Electron does; the
 * e2e file covers the latter where a runtime exists.
 */

type Listener = (...args: unknown[]) => unknown;

class ListenerTable {
  readonly #listeners = new Map<string, Listener[]>();

  add(event: string, listener: Listener): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
  }

  remove(event: string, listener: Listener): void {
    this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((l) => l !== listener));
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }

  count(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
}

export function standInFrame(init: { url: string; origin?: string; parent?: FramePort | null; detached?: boolean }): FramePort {
  let origin = init.origin;
  if (origin === undefined) {
    try {
      const u = new URL(init.url);
      origin = `${u.protocol}//${u.host}`;
    } catch {
      origin = 'null';
    }
  }
  return { url: init.url, origin, parent: init.parent ?? null, detached: init.detached ?? false };
}

export class StandInWebContents implements WebContentsPort, SenderContentsPort {
  readonly listeners = new ListenerTable();
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  url = '';
  destroyed = false;

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.add(event, listener as Listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.url;
  }

  /** Plays Chromium: fires a navigation-type event and reports whether a listener prevented it. */
  navigate(kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame = true): { prevented: boolean } {
    let prevented = false;
    const event: NavigationEventPort = { url, isMainFrame, preventDefault: () => (prevented = true) };
    this.listeners.emit(kind, event, url);
    return { prevented };
  }

  attachWebview(src: string): { prevented: boolean } {
    let prevented = false;
    this.listeners.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src });
    return { prevented };
  }

  openWindow(url: string): { action: string } | undefined {
    return this.windowOpenHandler?.({ url });
  }
}

export class StandInWindow implements WindowPort {
  static readonly instances: StandInWindow[] = [];
  readonly webContents = new StandInWebContents();
  readonly listeners = new ListenerTable();
  shown = false;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  static getFocusedWindow(): StandInWindow | null {
    return StandInWindow.instances.find((w) => w.focused && !w.destroyed) ?? null;
  }

  /** Electron emits app 'web-contents-created' for every new window; the stand-in app hooks in here. */
  static onCreated: ((window: StandInWindow) => void) | undefined;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    StandInWindow.instances.push(this);
    StandInWindow.onCreated?.(this);
  }

  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
  }

  once(event: string, listener: () => void): this {
    const once = () => {
      this.listeners.remove(event, once);
      listener();
    };
    this.listeners.add(event, once);
    return this;
  }

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.add(event, listener as Listener);
    return this;
  }

  show(): void {
    this.shown = true;
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }

  /** Plays the page calling window.close() (or the user closing it): 'close' may be prevented. */
  requestClose(): { prevented: boolean } {
    let prevented = false;
    this.listeners.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.close();
    return { prevented };
  }

  /** Plays the window losing focus. */
  blur(): void {
    this.listeners.emit('blur');
  }

  focus(): void {
    this.focused = true;
  }

  restore(): void {
    this.minimized = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.listeners.emit('closed');
  }
}

export class StandInIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: InvokeEventPort, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: InvokeEventPort, ...args: unknown[]) => unknown): void {
    // Electron throws on a second handler for one channel; so does the stand-in.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Plays a renderer: invokes `channel` as if sent from `frame`. */
  async invokeFrom(frame: FramePort | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, ...args);
  }
}

export class StandInSession implements SessionPort {
  permissionRequestHandler: Parameters<SessionPort['setPermissionRequestHandler']>[0] | undefined;
  permissionCheckHandler: Parameters<SessionPort['setPermissionCheckHandler']>[0] | undefined;
  beforeRequest: ((details: WebRequestDetailsPort, callback: (response: { cancel: boolean }) => void) => void) | undefined;
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();

  readonly webRequest = {
    onBeforeRequest: (listener: (details: WebRequestDetailsPort, callback: (response: { cancel: boolean }) => void) => void) => {
      this.beforeRequest = listener;
    },
  };

  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };

  setPermissionRequestHandler(handler: Parameters<SessionPort['setPermissionRequestHandler']>[0]): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: Parameters<SessionPort['setPermissionCheckHandler']>[0]): void {
    this.permissionCheckHandler = handler;
  }

  /** Plays Chromium asking for a permission; resolves with the decision. */
  requestPermission(permission: string, requestingUrl: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true); // Electron's default with no handler: granted.
    const details: PermissionRequestDetailsPort = { requestingUrl };
    return new Promise((resolve) => handler(null, permission, resolve, details));
  }

  checkPermission(permission: string, requestingOrigin: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, requestingOrigin) : true;
  }

  /** Plays the network stack: would a renderer request to `url` be cancelled? */
  request(url: string): Promise<{ cancel: boolean }> {
    const listener = this.beforeRequest;
    if (!listener) return Promise.resolve({ cancel: false });
    return new Promise((resolve) => listener({ url }, resolve));
  }
}

export class StandInApp implements AppPort {
  readonly calls: string[] = [];
  readonly paths = new Map<string, string>();
  readonly listeners = new ListenerTable();
  ready = false;
  lockAvailable = true;
  appPath = '/nonexistent-app';
  locale = 'en-US';
  isPackaged = false;
  exitCode: number | undefined;
  #markReady: () => void = () => {};
  readonly #ready = new Promise<void>((resolve) => (this.#markReady = resolve));

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.add(event, listener as Listener);
    return this;
  }

  /** Plays Electron emitting an app event; returns whether a listener called preventDefault(). */
  emit(event: string, ...args: unknown[]): { prevented: boolean } {
    let prevented = false;
    this.listeners.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return { prevented };
  }

  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Plays Electron finishing its start-up. */
  becomeReady(): void {
    this.ready = true;
    this.#markReady();
  }

  getAppPath(): string {
    return this.appPath;
  }

  getLocale(): string {
    return this.locale;
  }

  exit(code: number): void {
    this.calls.push(`exit:${code}`);
    this.exitCode = code;
  }

  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() must be called before the app is ready');
    this.calls.push('enableSandbox');
  }

  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lockAvailable;
  }

  setPath(name: string, path: string): void {
    this.calls.push(`setPath:${name}`);
    this.paths.set(name, path);
  }

  isReady(): boolean {
    return this.ready;
  }

  quit(): void {
    this.calls.push('quit');
  }

  readonly loginItemSettings: Array<{ openAtLogin: boolean; openAsHidden: boolean; args: string[] }> = [];

  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden: boolean; args: string[] }): void {
    this.loginItemSettings.push(settings);
  }
}

export class StandInProtocolRegistrar implements ProtocolRegistrarPort {
  readonly privileged: CustomScheme[] = [];

  constructor(private readonly app: StandInApp) {}

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.ready) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
    this.app.calls.push('registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  }
}

export class StandInDialog {
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  readonly messageBoxes: MessageBoxOptions[] = [];
  /** Index of the button the "user" presses in the next message box. */
  nextResponse = 0;

  readonly openDialogs: Array<{ title: string; properties: string[] }> = [];
  /** What the "user" picks in the next open dialog; null cancels. */
  nextOpenPath: string | null = null;

  async showOpenDialog(options: { title: string; properties: string[] }): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.openDialogs.push(options);
    return this.nextOpenPath === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [this.nextOpenPath] };
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  async showMessageBox(options: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }> {
    this.messageBoxes.push(options);
    return { response: this.nextResponse, checkboxChecked: false };
  }
}

/** The preload side: contextBridge records what was exposed; ipcRenderer talks to a StandInIpcMain. */
export class StandInContextBridge implements ContextBridgePort {
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${apiKey}`);
    this.exposed.set(apiKey, api);
  }
}

export class StandInIpcRenderer implements IpcRendererPort {
  readonly listeners = new ListenerTable();
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  /** The raw event object Electron passes to listeners; the page must never receive it. */
  readonly rawEvent: { sender: StandInIpcRenderer; senderId: number; ports: unknown[] } = { sender: this, senderId: 0, ports: [] };

  constructor(
    private readonly ipcMain: StandInIpcMain,
    /** The frame main will see as the sender of this renderer's invokes. */
    public frame: FramePort | null,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args: structuredClone(args) });
    return this.ipcMain.invokeFrom(this.frame, channel, ...structuredClone(args));
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.add(channel, listener as Listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.remove(channel, listener as Listener);
    return this;
  }

  /** Plays main's `webContents.send(channel, ...args)` arriving in this renderer. */
  deliver(channel: string, ...args: unknown[]): void {
    this.listeners.emit(channel, this.rawEvent, ...structuredClone(args));
  }
}

/** Images are opaque to the shell; the stand-in keeps the bytes so a test can tell them apart. */
export class StandInImage {
  constructor(
    readonly png: Buffer,
    readonly scaleFactor: number,
  ) {}
}

export class StandInTray {
  static readonly instances: StandInTray[] = [];
  readonly listeners = new ListenerTable();
  image: unknown;
  toolTip = '';
  title = '';
  menu: unknown;
  destroyed = false;
  /** How many times each setter ran, to show that unchanged states cost nothing. */
  updates = 0;

  /** Set to make the next trays fail to appear, as on a desktop without a tray host. */
  static failWith: Error | null = null;

  constructor(image: unknown) {
    if (StandInTray.failWith) throw StandInTray.failWith;
    this.image = image;
    StandInTray.instances.push(this);
  }

  setImage(image: unknown): void {
    this.image = image;
    this.updates++;
  }

  setToolTip(text: string): void {
    this.toolTip = text;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.add(event, listener as Listener);
    return this;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Plays macOS delivering files dropped on the icon. */
  dropFiles(files: string[]): void {
    this.listeners.emit('drop-files', {}, files);
  }

  click(): void {
    this.listeners.emit('click');
  }
}

/** Menu.buildFromTemplate keeps the template, so a test can read labels and press items. */
export class StandInMenu {
  constructor(readonly template: MenuItemConstructorOptions[]) {}

  static buildFromTemplate(template: MenuItemConstructorOptions[]): StandInMenu {
    return new StandInMenu(template);
  }

  item(label: string | RegExp): MenuItemConstructorOptions {
    const found = this.template.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
    if (!found) throw new Error(`no menu item ${String(label)} in ${this.template.map((i) => i.label ?? '—').join(', ')}`);
    return found;
  }

  /** Plays the user choosing the item (Electron calls click with menuItem, window, event). */
  press(label: string | RegExp): void {
    const click = this.item(label).click as (() => void) | undefined;
    if (!click) throw new Error(`menu item ${String(label)} does nothing`);
    click();
  }
}

export class StandInGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Combinations "another app" holds: register() returns false for them, as Electron does. */
  readonly taken = new Set<string>();

  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }

  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }

  isRegistered(accelerator: string): boolean {
    return this.registered.has(accelerator);
  }

  /** Plays the OS delivering the key combination. */
  press(accelerator: string): void {
    this.registered.get(accelerator)?.();
  }
}

export class StandInNotification {
  static readonly shown: StandInNotification[] = [];
  static supported = true;
  readonly listeners = new ListenerTable();

  constructor(readonly options: { title: string; body: string; silent?: boolean }) {}

  static isSupported(): boolean {
    return StandInNotification.supported;
  }

  show(): void {
    StandInNotification.shown.push(this);
  }

  on(event: string, listener: () => void): this {
    this.listeners.add(event, listener);
    return this;
  }

  click(): void {
    this.listeners.emit('click');
  }
}

/** utilityProcess.fork's child: records what it was sent; a test plays the child's side. */
export class StandInUtilityProcess {
  readonly listeners = new ListenerTable();
  readonly posted: unknown[] = [];
  readonly stderr = new PassThrough();
  killed = false;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {}

  postMessage(message: unknown): void {
    this.posted.push(structuredClone(message));
  }

  kill(): boolean {
    this.killed = true;
    return true;
  }

  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.add(event, listener as Listener);
    return this;
  }

  /** Plays the child posting to its parentPort. */
  reply(message: unknown): void {
    this.listeners.emit('message', structuredClone(message));
  }

  exit(code: number): void {
    this.listeners.emit('exit', code);
  }
}

export class StandInUtilityProcessModule {
  readonly forked: StandInUtilityProcess[] = [];

  fork(modulePath: string, args: string[], options: Record<string, unknown>): StandInUtilityProcess {
    const child = new StandInUtilityProcess(modulePath, args, options);
    this.forked.push(child);
    return child;
  }
}

/**
 * utilityProcess played by a real Node child process: Electron's utilityProcess is a Node process
 * too, and this way the composition-root tests parse real mail through the same spawner the app
 * uses. The worker sees no parentPort and talks over Node's IPC instead.
 */
export class ForkingUtilityProcessModule {
  readonly forked: string[] = [];

  fork(modulePath: string, args: string[], options: { execArgv?: string[] }) {
    this.forked.push(modulePath);
    const child = nodeFork(modulePath, args, { execArgv: options.execArgv ?? [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    return {
      stderr: child.stderr,
      postMessage: (message: unknown) => void child.send(message as Parameters<typeof child.send>[0]),
      kill: () => child.kill('SIGTERM'),
      on(event: 'message' | 'exit', listener: (arg: never) => void) {
        if (event === 'exit') child.on('exit', (code) => (listener as (c: number) => void)(code ?? 1));
        else child.on('message', listener as (m: unknown) => void);
        return this;
      },
    };
  }
}

export function createElectronStandIn() {
  StandInWindow.instances.length = 0;
  StandInTray.instances.length = 0;
  StandInTray.failWith = null;
  StandInNotification.shown.length = 0;
  StandInNotification.supported = true;
  const app = new StandInApp();
  StandInWindow.onCreated = (window) => app.emit('web-contents-created', window.webContents);
  const ipcMain = new StandInIpcMain();
  const defaultSession = new StandInSession();
  const opened: string[] = [];
  return {
    app,
    dialog: new StandInDialog(),
    shell: { opened, openExternal: async (url: string) => void opened.push(url) },
    protocol: new StandInProtocolRegistrar(app),
    ipcMain,
    session: { defaultSession },
    BrowserWindow: StandInWindow,
    Tray: StandInTray,
    Menu: StandInMenu,
    nativeImage: { createFromBuffer: (png: Buffer, options: { scaleFactor: number }) => new StandInImage(png, options.scaleFactor) },
    globalShortcut: new StandInGlobalShortcut(),
    Notification: StandInNotification,
    utilityProcess: new StandInUtilityProcessModule(),
    contextBridge: new StandInContextBridge(),
    ipcRenderer: (frame: FramePort | null) => new StandInIpcRenderer(ipcMain, frame),
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

let moduleStandIn: ElectronStandIn | undefined;

/**
 * The stand-in shaped as the `electron` module itself, for `vi.mock('electron', …)` in the test of
 * the composition root (main.ts imports 'electron' directly). One instance per test module.
 */
export function electronModuleStandIn(): ElectronStandIn {
  moduleStandIn ??= { ...createElectronStandIn(), utilityProcess: new ForkingUtilityProcessModule() as unknown as StandInUtilityProcessModule };
  return moduleStandIn;
}
