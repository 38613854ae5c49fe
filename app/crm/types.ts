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
export const CrmRecord = z.record(z.string(), z.union([z.string(), z.null(), z.number(), z.boolean()]).transform((v) => (v === null ? null : String(v))));
export type CrmRecord = Record<string, string | null>;

export const QueryResult = z.array(CrmRecord);
