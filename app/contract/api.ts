import { z } from 'zod';
import { AccountId, AccountView, AddAccountInput, ModuleView, RecordHit, SearchInput, SuggestInput, SyncProgress, SyncSummary } from './crm';
import { CapturedMail, CapturedMailSummary } from './mail';
import { DesktopUpdate, DesktopView, ImportPathsInput, ImportPathsOutput } from './desktop';
import { HistoryEntryView, JobIdInput, LinkJobView, LinkPreparation, OutboxStatus, QueueLinkInput, SettingsView, WsId } from './outbox';
import type { CallName, EventName } from './plain';

export { CALL_NAMES, EVENT_NAMES, SHELL_CALL_NAMES, isCallName, isEventName, type CallName, type EventName, type ShellCallName } from './plain';

/**
 * The whole renderer ⇄ core API, defined once. Both shells (Electron IPC, headless WebSocket)
 * validate every input against these schemas before the core sees it, and the renderer's
 * client is typed from the same table, so a call cannot drift between the two sides.
 */

const Empty = z.object({}).strict();

/** Uploaded file content. Over IPC it is a Uint8Array; over the WebSocket the codec restores one. */
const Bytes = z.instanceof(Uint8Array);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'headless']),
  /** Language the user asked for; the renderer falls back to English for missing strings. */
  locale: z.enum(['en', 'it']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export const ImportMailInput = z
  .object({
    fileName: z.string().min(1).max(1024),
    bytes: Bytes.refine((b) => b.byteLength <= MAX_IMPORT_BYTES, 'file larger than the import limit'),
  })
  .strict();

export const IdInput = z.object({ id: z.string().min(1).max(200) }).strict();

/**
 * What the preview needs beyond the parsed view: the raw HTML (sanitised in the renderer, where
 * DOMPurify has a real DOM) and the inline images it references, already as data: URLs so the
 * preview frame's CSP can be `img-src data:` and nothing else.
 */
export const MailPreview = z.object({
  html: z.string().nullable(),
  text: z.string().nullable(),
  cidImages: z.array(z.object({ contentId: z.string(), dataUrl: z.string().startsWith('data:image/') })),
  /** Inline images left out (not an allowed image type, or over the size caps). */
  omittedImages: z.number().int().nonnegative(),
});
export type MailPreview = z.infer<typeof MailPreview>;

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const calls = {
  'app.info': call(Empty, AppInfo),
  'mail.import': call(ImportMailInput, CapturedMail),
  'mail.list': call(Empty, z.array(CapturedMailSummary)),
  'mail.get': call(IdInput, CapturedMail),
  'mail.preview': call(IdInput, MailPreview),
  'mail.remove': call(IdInput, z.object({ removed: z.boolean() })),
  'account.list': call(Empty, z.array(AccountView)),
  'account.add': call(AddAccountInput, AccountView),
  /** Signs into the built-in demo CRM (the sandbox's demo company), when this launch runs one. */
  'account.addDemo': call(Empty, AccountView),
  'account.remove': call(z.object({ id: AccountId }).strict(), z.object({ removed: z.boolean() })),
  'sync.run': call(z.object({ accountId: AccountId, reconcile: z.boolean().default(false) }).strict(), SyncSummary),
  'modules.list': call(z.object({ accountId: AccountId }).strict(), z.array(ModuleView)),
  'records.search': call(SearchInput, z.array(RecordHit)),
  'records.suggest': call(SuggestInput, z.array(RecordHit)),
  /** What the link dialog needs: attachments with the upload limit, privacy checks. */
  'link.prepare': call(SuggestInput, LinkPreparation),
  /** Durable at once, never needs the CRM: the outbox sends it when it can. */
  'link.queue': call(QueueLinkInput, LinkJobView),
  'outbox.list': call(Empty, z.array(LinkJobView)),
  'outbox.status': call(Empty, OutboxStatus),
  'outbox.retry': call(JobIdInput, LinkJobView),
  'outbox.cancel': call(JobIdInput, LinkJobView),
  'outbox.retarget': call(z.object({ id: z.string().min(1).max(200), targets: z.array(WsId).min(1).max(50) }).strict(), LinkJobView),
  'outbox.skipAttachment': call(z.object({ id: z.string().min(1).max(200), index: z.number().int().nonnegative() }).strict(), LinkJobView),
  'history.list': call(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.array(HistoryEntryView)),
  'privacy.acknowledge': call(Empty, SettingsView),
  'settings.get': call(Empty, SettingsView),
  'settings.setCorporateDomains': call(z.object({ domains: z.array(z.string().min(1).max(253)).max(100) }).strict(), SettingsView),
  /** Paused: nothing is sent until resumed; jobs stay queued. */
  'outbox.setPaused': call(z.object({ paused: z.boolean() }).strict(), OutboxStatus),
  'desktop.get': call(Empty, DesktopView),
  'desktop.update': call(DesktopUpdate, DesktopView),
  /** Opens the OS folder dialog; the page never names a path itself. */
  'desktop.chooseWatchFolder': call(Empty, DesktopView),
  /** Electron drops: files by path (read at once, before the mail client deletes its temp copy). */
  'mail.importPaths': call(ImportPathsInput, ImportPathsOutput),
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export type CallInput<K extends CallName> = z.input<(typeof calls)[K]['input']>;
export type CallOutput<K extends CallName> = z.infer<(typeof calls)[K]['output']>;

export const Progress = z.object({
  /** What is progressing: 'intake', 'sync:<account>', 'outbox', … */
  topic: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  label: z.string(),
});
export type Progress = z.infer<typeof Progress>;

export const events = {
  progress: Progress,
  'mail.captured': CapturedMailSummary,
  'mail.removed': IdInput,
  'sync.progress': SyncProgress,
  'account.changed': z.object({ accounts: z.array(AccountView) }),
  'outbox.job': LinkJobView,
  'outbox.status': OutboxStatus,
  'desktop.changed': DesktopView,
  /** The tray or palette asks the window to show one captured email. */
  'desktop.showMail': IdInput,
} as const satisfies Record<EventName, z.ZodType>;

export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]>;
