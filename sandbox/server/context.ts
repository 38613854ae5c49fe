/** Types shared by the operation handlers. */
import { type Store, type UserRow } from '../core/store';
import { type Privileges } from '../core/privileges';

/** A webservice failure, sent as {"success":false,"error":{"message","code"}} with HTTP 200. */
export class WsError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A failure the real server answers with HTTP 500 and an empty body (PHP fatal). */
export class FatalError extends Error {}

export const DENIED = 'Permission to perform the operation is denied';
export const DENIED_ID = 'Permission to perform the operation is denied for id';
export const DENIED_NAME = 'Permission to perform the operation is denied for name';
export const DENIED_READ_OBJECT = 'Permission to read given object is denied';
export const DENIED_WRITE = 'Permission to write is denied';

export interface UploadedFile { field: string; filename: string; contentType: string; data: Buffer }

export type Params = Record<string, string | null>;

export interface Session { id: string; userId: number; created: number }

export interface OpContext {
  store: Store;
  session: Session | null;
  user: UserRow | null;
  priv: Privileges | null;
  files: UploadedFile[];
  /** Whether `operation` itself arrived in the POST body (extendsession looks at that). */
  operationInBody: boolean;
  sessions: SessionRegistry;
  tokens: TokenRegistry;
}

export interface AuthedContext extends OpContext {
  session: Session;
  user: UserRow;
  priv: Privileges;
}

export interface SessionRegistry {
  create(userId: number): Session;
  get(id: string): Session | undefined;
  destroy(id: string): void;
}

export interface TokenRegistry {
  issue(userName: string): { token: string; serverTime: number; expireTime: number };
  live(userName: string): string[];
}

export type Handler = (ctx: OpContext, params: Params) => unknown;

export interface OperationDef {
  type: 'GET' | 'POST';
  prelogin: boolean;
  params: string[];
  handler: Handler;
}

export function authed(ctx: OpContext): AuthedContext {
  if (!ctx.session || !ctx.user || !ctx.priv) throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
  return ctx as AuthedContext;
}

/** The Zend decoder as vtenext configures it: malformed JSON decodes to null (FINDINGS 6). */
export function decodeEncoded(raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
