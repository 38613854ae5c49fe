import { z } from 'zod';

/**
 * The desktop integration as the renderer sees it (issue 8): the palette shortcut, the watch
 * folder, the drop shelf, start at login, notifications, pausing the sender, and imports by
 * path. These calls are answered by the shell, not the core: the Electron shell implements
 * them, browser mode answers that they are not available there.
 */

export const DesktopSettingsView = z
  .object({
    paletteShortcut: z.string().max(100).nullable(),
    watchFolder: z.string().max(4096).nullable(),
    dropShelf: z.boolean(),
    startAtLogin: z.boolean(),
    notifyDelivered: z.boolean(),
    notifyAttention: z.boolean(),
    paused: z.boolean(),
  })
  .strict();
export type DesktopSettingsView = z.infer<typeof DesktopSettingsView>;

export const ShortcutStatusView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('registered'), accelerator: z.string() }),
  z.object({ state: z.literal('unverified'), accelerator: z.string(), reason: z.string() }),
  z.object({ state: z.literal('failed'), accelerator: z.string(), reason: z.string() }),
]);

export const WatchStatusView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('watching'), dir: z.string() }),
  z.object({ state: z.literal('failed'), dir: z.string(), reason: z.string() }),
]);

/** `desktop.get` output and `desktop.changed` event payload. */
export const DesktopView = z.object({
  /** False in browser mode: there is no tray, palette, shelf or watch folder there. */
  available: z.boolean(),
  settings: DesktopSettingsView,
  shortcut: ShortcutStatusView,
  watch: WatchStatusView,
  /** What this OS offers: tray drops (macOS) or the shelf (elsewhere); how start-at-login works. */
  features: z.object({
    trayDrop: z.boolean(),
    shelf: z.boolean(),
    startAtLogin: z.enum(['electron', 'xdg-autostart', 'unsupported']),
  }),
});
export type DesktopView = z.infer<typeof DesktopView>;

/**
 * `desktop.update` input. The watch folder can only be turned off here: a folder is chosen in the
 * OS dialog (`desktop.chooseWatchFolder`), so a page can never point the app at a path itself.
 */
export const DesktopUpdate = z
  .object({
    paletteShortcut: z.string().min(1).max(100).nullable(),
    watchFolder: z.null(),
    dropShelf: z.boolean(),
    startAtLogin: z.boolean(),
    notifyDelivered: z.boolean(),
    notifyAttention: z.boolean(),
    paused: z.boolean(),
  })
  .partial()
  .strict();
export type DesktopUpdate = z.infer<typeof DesktopUpdate>;

/** `mail.importPaths` input: paths from `connectorFiles.pathForFile` in a drop handler (Electron only). */
export const ImportPathsInput = z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100) }).strict();

export const PathImportOutcomeView = z.discriminatedUnion('ok', [
  z.object({ path: z.string(), ok: z.literal(true), id: z.string(), subject: z.string() }),
  z.object({ path: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
]);

export const ImportPathsOutput = z.array(PathImportOutcomeView);
