import { z } from 'zod';
import { DesktopSettings } from './desktop-settings';

/**
 * PROPOSED contract additions for the settings screen and renderer drops (issue 8). They live
 * here until the contract owner moves them into app/contract (see README "Wiring"); the shell
 * side (desktop-handlers.ts) is written and tested against these exact schemas.
 */

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
  settings: DesktopSettings,
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

/** `mail.importPaths` input: paths from `connectorFiles.pathForFile` in a drop handler. */
export const ImportPathsInput = z
  .object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100) })
  .strict();

export const PathImportOutcomeView = z.discriminatedUnion('ok', [
  z.object({ path: z.string(), ok: z.literal(true), id: z.string(), subject: z.string() }),
  z.object({ path: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
]);

export const ImportPathsOutput = z.array(PathImportOutcomeView);
