/**
 * The quick-link palette's global shortcut. Registration can fail in ways the user must hear
 * about (market-research §4): another app owns the combination, the text is not a valid
 * accelerator, or the session is Wayland, where Electron's register() can even return true
 * while the compositor never delivers the key. The result is a status the settings can show.
 */

export interface GlobalShortcutPort {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  isRegistered(accelerator: string): boolean;
}

export type ShortcutStatus =
  | { state: 'off' }
  | { state: 'registered'; accelerator: string }
  /** Registered, but on Wayland: it may never fire; say so rather than promise it works. */
  | { state: 'unverified'; accelerator: string; reason: string }
  | { state: 'failed'; accelerator: string; reason: string };

export const DEFAULT_PALETTE_SHORTCUT = 'CommandOrControl+Shift+L';

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = new Set([
  'space', 'tab', 'backspace', 'delete', 'insert', 'return', 'enter', 'up', 'down', 'left', 'right',
  'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'plus',
]);

/** Electron accelerator syntax, plus our rule: at least one modifier, so a bare key is never stolen system-wide. */
export function acceleratorProblem(accelerator: string): string | null {
  const parts = accelerator.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) return 'the shortcut has an empty part';
  const key = parts.at(-1)!.toLowerCase();
  const mods = parts.slice(0, -1).map((p) => p.toLowerCase());
  if (mods.length === 0) return 'add a modifier such as Ctrl, Alt or Shift';
  const unknown = mods.find((m) => !MODIFIERS.has(m));
  if (unknown) return `"${unknown}" is not a modifier`;
  if (new Set(mods).size !== mods.length) return 'a modifier is repeated';
  if (MODIFIERS.has(key)) return 'the shortcut needs a key after the modifiers';
  if (!/^[a-z0-9]$/.test(key) && !/^f([1-9]|1[0-9]|2[0-4])$/.test(key) && !NAMED_KEYS.has(key) && !/^[`\-=[\]\\;',./]$/.test(key)) {
    return `"${parts.at(-1)}" is not a key Electron knows`;
  }
  return null;
}

export function isWaylandSession(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY));
}

export interface ShortcutContext {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

/** Moves the palette to `next` (null turns it off), releasing the previous registration. */
export function setPaletteShortcut(
  globalShortcut: GlobalShortcutPort,
  previous: ShortcutStatus,
  next: string | null,
  ctx: ShortcutContext,
  onPress: () => void,
): ShortcutStatus {
  if (previous.state === 'registered' || previous.state === 'unverified') globalShortcut.unregister(previous.accelerator);
  if (next === null) return { state: 'off' };
  const problem = acceleratorProblem(next);
  if (problem) return { state: 'failed', accelerator: next, reason: problem };
  let ok: boolean;
  try {
    ok = globalShortcut.register(next, onPress);
  } catch (err) {
    // Electron throws on syntax it cannot parse; our check should have caught that first.
    return { state: 'failed', accelerator: next, reason: err instanceof Error ? err.message : 'the shortcut could not be registered' };
  }
  const wayland = isWaylandSession(ctx.platform, ctx.env);
  if (!ok || !globalShortcut.isRegistered(next)) {
    return {
      state: 'failed',
      accelerator: next,
      reason: wayland
        ? 'this Wayland session offers no global shortcuts to apps; use the tray menu or bind a desktop shortcut to the app'
        : 'another application already uses this shortcut',
    };
  }
  if (wayland) {
    return { state: 'unverified', accelerator: next, reason: 'on Wayland the desktop may ignore app shortcuts; press it once to check' };
  }
  return { state: 'registered', accelerator: next };
}
