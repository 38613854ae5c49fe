import { z } from 'zod';

/** Accounts, modules, cached records, search and suggestions as the renderer sees them. */

export const AccountId = z.string().min(1).max(200);

export const AccountView = z.object({
  id: AccountId,
  url: z.string(),
  userName: z.string(),
  /** True for the built-in demo CRM that `npm start` runs. */
  demo: z.boolean(),
  /** Where the secret lives: the OS keychain, this session's memory only, or nowhere (re-enter it). */
  credential: z.enum(['keychain', 'session', 'missing']),
  lastSyncAt: z.string().nullable(),
  recordCount: z.number().int().nonnegative(),
});
export type AccountView = z.infer<typeof AccountView>;

export const Secret = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accessKey'), value: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('password'), value: z.string().min(1).max(500) }),
]);

export const AddAccountInput = z
  .object({
    url: z.string().min(1).max(2000),
    userName: z.string().min(1).max(200),
    secret: Secret,
    /** false = keep the key for this session only (e.g. the keychain is locked). */
    remember: z.boolean().default(true),
    /** SHA-256 fingerprint the user accepted for a self-signed server; absent = system CAs only. */
    trustedFingerprint: z.string().regex(/^[0-9A-Fa-f:]{64,95}$/).optional(),
  })
  .strict();
export type AddAccountInput = z.input<typeof AddAccountInput>;

export const ModuleView = z.object({
  name: z.string(),
  label: z.string(),
  /** Has a Messages relation and the user may update it: an email can be linked here. */
  linkable: z.boolean(),
  recordCount: z.number().int().nonnegative(),
});
export type ModuleView = z.infer<typeof ModuleView>;

export const RecordHit = z.object({
  id: z.string(),
  module: z.string(),
  label: z.string(),
  emails: z.array(z.string()),
  /** Account name, for people. */
  account: z.string().nullable(),
  linkable: z.boolean(),
  /** Why the module cannot take a link, when it cannot. */
  notLinkableReason: z.enum(['module-read-only', 'module-not-linkable']).nullable(),
  /** Why this record is shown; the renderer words it in the user's language. */
  reason: z.object({
    kind: z.enum(['email', 'name-prefix', 'name-word', 'other', 'address', 'account-of', 'open-potential', 'open-ticket']),
    /** The matched address, or the label of the record this one belongs to. */
    detail: z.string().nullable(),
  }),
});
export type RecordHit = z.infer<typeof RecordHit>;

export const SearchInput = z
  .object({
    accountId: AccountId,
    text: z.string().max(200),
    modules: z.array(z.string().max(100)).max(50).optional(),
    limit: z.number().int().min(1).max(200).default(20),
  })
  .strict();

export const SuggestInput = z.object({ accountId: AccountId, mailId: z.string().min(1).max(200) }).strict();

export const SyncSummary = z.object({
  accountId: AccountId,
  modules: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  finishedAt: z.string(),
});
export type SyncSummary = z.infer<typeof SyncSummary>;

export const SyncProgress = z.object({
  accountId: AccountId,
  module: z.string().nullable(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  phase: z.enum(['modules', 'records', 'reconcile', 'done', 'failed']),
});
export type SyncProgress = z.infer<typeof SyncProgress>;
