import { z } from 'zod';

export const ChallengeResult = z.object({ token: z.string().min(1), serverTime: z.coerce.number(), expireTime: z.coerce.number() });

export const LoginResult = z.object({
  sessionName: z.string().min(1),
  userId: z.string(),
  version: z.string().optional(),
  vteVersion: z.string().optional(),
  timezone: z.coerce.number().optional(),
});
export type LoginResult = z.infer<typeof LoginResult>;

export const LoginPwdResult = z.array(z.string().min(1)).min(1);

export const ListTypesResult = z.object({
  types: z.array(z.string()),
  information: z
    .record(z.string(), z.object({ isEntity: z.boolean().optional(), label: z.string().optional(), singular: z.string().optional() }).loose())
    .optional()
    .default({}),
});
export type ListTypesResult = z.infer<typeof ListTypesResult>;

export const DescribeField = z
  .object({
    name: z.string(),
    label: z.string().optional().default(''),
    mandatory: z.boolean().optional().default(false),
    editable: z.boolean().optional().default(true),
    uitype: z.union([z.string(), z.number()]).optional(),
    type: z.object({ name: z.string(), refersTo: z.array(z.string()).optional() }).loose(),
  })
  .loose();
export type DescribeField = z.infer<typeof DescribeField>;

export const DescribeResult = z
  .object({
    name: z.string(),
    label: z.string().optional().default(''),
    idPrefix: z.coerce.string(),
    createable: z.boolean().optional().default(false),
    updateable: z.boolean().optional().default(false),
    deleteable: z.boolean().optional().default(false),
    retrieveable: z.boolean().optional().default(false),
    labelFields: z.string().optional().default(''),
    fields: z.array(DescribeField),
  })
  .loose();
export type DescribeResult = z.infer<typeof DescribeResult>;

/** A record as vtenext sends it: field name → string (numbers, flags and dates too) or null. */
export type CrmRecord = Record<string, string | null>;

/**
 * Checked by hand rather than with a zod record schema: a fill parses millions of values and
 * zod's per-value transform cost ~140 µs per 60-field record (6× JSON.parse itself).
 */
function toRecord(v: unknown): CrmRecord | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'string' || x === null) continue;
    if (typeof x === 'number' || typeof x === 'boolean') o[k] = String(x);
    else return null;
  }
  return o as CrmRecord;
}

export const CrmRecord = z.custom<CrmRecord>((v) => toRecord(v) !== null, { message: 'a record maps field names to strings or null' });
export const QueryResult = z.custom<CrmRecord[]>((v) => Array.isArray(v) && v.every((r) => toRecord(r) !== null), { message: 'a query result is a list of records' });
