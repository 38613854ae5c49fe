import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PALETTE_SHORTCUT } from './palette-shortcut';

/**
 * The desktop shell's own preferences (tray, palette, shelf, watch folder, login, notifications).
 * They concern the OS integration only, so they live beside the core's data rather than in its
 * database, in one small JSON file read once at start and rewritten atomically on change.
 */
export const DesktopSettings = z
  .object({
    paletteShortcut: z.string().max(100).nullable().default(DEFAULT_PALETTE_SHORTCUT),
    watchFolder: z.string().max(4096).nullable().default(null),
    dropShelf: z.boolean().default(false),
    startAtLogin: z.boolean().default(false),
    notifyDelivered: z.boolean().default(true),
    notifyAttention: z.boolean().default(true),
    paused: z.boolean().default(false),
  })
  .strict();
export type DesktopSettings = z.infer<typeof DesktopSettings>;

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';

export interface SettingsLog {
  warn(message: string, extra?: Record<string, unknown>): void;
}

export class DesktopSettingsStore {
  #value: DesktopSettings;
  readonly #file: string;

  constructor(home: string, log: SettingsLog) {
    this.#file = join(home, DESKTOP_SETTINGS_FILE);
    this.#value = DesktopSettingsStore.#read(this.#file, log);
  }

  static #read(file: string, log: SettingsLog): DesktopSettings {
    let raw: unknown = {};
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('desktop settings unreadable; using defaults', { file });
    }
    const parsed = DesktopSettings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep what is valid field by field, so one bad value does not reset everything.
    log.warn('desktop settings partly invalid; those fields use defaults', { file });
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const kept: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(DesktopSettings.shape)) {
      if (schema.safeParse(fields[key]).success) kept[key] = fields[key];
    }
    return DesktopSettings.parse(kept);
  }

  get value(): DesktopSettings {
    return this.#value;
  }

  update(patch: Partial<DesktopSettings>): DesktopSettings {
    const next = DesktopSettings.parse({ ...this.#value, ...patch });
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#file);
    this.#value = next;
    return next;
  }
}
