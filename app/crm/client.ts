import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError, isAppError } from '../errors';
import { parseEnvelope } from './envelope';
import { crmError, isSessionError } from './errors';
import { multipartBody } from './multipart';
import { OPERATION_METHOD, PRELOGIN, type Operation } from './operations';
import type { HttpRequest, Transport } from './transport';
import {
  ChallengeResult,
  CrmRecord,
  DescribeResult,
  ListTypesResult,
  LoginPwdResult,
  LoginResult,
  QueryResult,
} from './types';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface UploadFile {
  /** The name vtenext stores; for Messages attachments give it a `<tag>_` prefix (spec §6.2). */
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface VtenextClientOptions {
  /** The CRM's site URL (`https://crm.example.com/vte`) or its webservice.php URL. */
  url: string;
  userName: string;
  /** Asked at login time only, so the key is never kept longer than a login needs it. */
  accessKey: () => Promise<string>;
  transport: Transport;
  timeoutMs?: number;
  /** Requests in flight at once; vtenext serves one session's calls one after another anyway. */
  maxInFlight?: number;
}

export function webserviceUrl(url: string): string {
  const u = new URL(url);
  if (!/\/webservice\.php$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/webservice.php`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

interface Session {
  name: string;
  login: LoginResult;
}

type Params = Record<string, string>;

/**
 * A vtenext webservice session for one (URL, user). Logs in on first use, reuses the session,
 * and after a session error logs in again once (shared by all callers in flight) and retries
 * the call once. A rejected key is remembered: no further login is attempted until
 * `resetAuthFailure()`, because vtenext locks the user after five failures in a row.
 */
export class VtenextClient {
  readonly endpoint: string;
  private session: Session | null = null;
  private loggingIn: Promise<Session> | null = null;
  private authFailure: AppError | null = null;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly opts: VtenextClientOptions) {
    this.endpoint = webserviceUrl(opts.url);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxInFlight = opts.maxInFlight ?? 1;
  }

  get userName(): string {
    return this.opts.userName;
  }

  /** The login result of the current session, if any. */
  get loginInfo(): LoginResult | null {
    return this.session?.login ?? null;
  }

  resetAuthFailure(): void {
    this.authFailure = null;
  }

  async login(o: CallOptions = {}): Promise<LoginResult> {
    return (await this.ensureSession(o, null)).login;
  }

  async logout(o: CallOptions = {}): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = null;
    await this.raw('logout', { sessionName: s.name }, o).catch(() => undefined);
  }

  listTypes(fieldTypeList?: readonly string[], o?: CallOptions): Promise<z.infer<typeof ListTypesResult>> {
    const p: Params = fieldTypeList ? { fieldTypeList: JSON.stringify(fieldTypeList) } : {};
    return this.call('listtypes', p, ListTypesResult, o);
  }

  describe(elementType: string, o?: CallOptions): Promise<DescribeResult> {
    return this.call('describe', { elementType }, DescribeResult, o);
  }

  retrieve(id: string, o?: CallOptions): Promise<CrmRecord> {
    return this.call('retrieve', { id }, CrmRecord, o);
  }

  /** Runs one VTQL statement (see vtql.ts to build it). */
  query(vtql: string, o?: CallOptions): Promise<CrmRecord[]> {
    return this.call('query', { query: vtql }, QueryResult, o);
  }

  create(elementType: string, element: Record<string, unknown>, files: readonly UploadFile[] = [], o?: CallOptions): Promise<CrmRecord> {
    return this.call('create', { elementType, element: JSON.stringify(element) }, CrmRecord, o, files);
  }

  /** Full replacement: fields not sent are emptied (spec §5.5). Prefer `revise`. */
  update(element: Record<string, unknown> & { id: string }, o?: CallOptions): Promise<CrmRecord> {
    return this.call('update', { element: JSON.stringify(element) }, CrmRecord, o);
  }

  revise(element: Record<string, unknown> & { id: string }, o?: CallOptions): Promise<CrmRecord> {
    return this.call('revise', { element: JSON.stringify(element) }, CrmRecord, o);
  }

  async relate(id: string, targets: readonly string[], o?: CallOptions): Promise<void> {
    await this.callRaw('relate', { id, relatelist: JSON.stringify(targets), relationid: '' }, o);
  }

  /** Resolves `false` when the record did not exist (the server answers success with a null result). */
  async delete(id: string, o?: CallOptions): Promise<boolean> {
    const r = await this.callRaw('delete', { id }, o);
    return r !== null;
  }

  /** Exchanges a password for the user's access key (vtenext's `login_pwd`). Creates no session. */
  static async accessKeyFromPassword(transport: Transport, url: string, userName: string, password: string, o: CallOptions = {}): Promise<string> {
    const c = new VtenextClient({ url, userName, transport, accessKey: () => Promise.reject(new Error('unused')), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
    const r = await c.raw('login_pwd', { username: userName, password }, o);
    if (!r.ok) throw crmError(r.code, r.message, 'login_pwd');
    return parse(LoginPwdResult, r.result, 'login_pwd')[0]!;
  }

  private async call<S extends z.ZodType>(op: Operation, params: Params, schema: S, o?: CallOptions, files?: readonly UploadFile[]): Promise<z.infer<S>> {
    return parse(schema, await this.callRaw(op, params, o, files), op);
  }

  private async callRaw(op: Operation, params: Params, o: CallOptions = {}, files?: readonly UploadFile[]): Promise<unknown> {
    let session = await this.ensureSession(o, null);
    for (let attempt = 0; ; attempt++) {
      const r = await this.raw(op, { ...params, sessionName: session.name }, o, files);
      if (r.ok) return r.result;
      if (attempt === 0 && isSessionError(r.code, r.message)) {
        session = await this.ensureSession(o, session);
        continue;
      }
      throw crmError(r.code, r.message, op);
    }
  }

  /**
   * Returns a live session. `stale` is the session a call was just refused with: only that one
   * is dropped, so many callers failing together cause one login, not one each.
   */
  private ensureSession(o: CallOptions, stale: Session | null): Promise<Session> {
    if (stale !== null && this.session === stale) this.session = null;
    if (this.session) return Promise.resolve(this.session);
    if (this.authFailure) return Promise.reject(this.authFailure);
    if (!this.loggingIn) {
      this.loggingIn = this.doLogin(o).finally(() => {
        this.loggingIn = null;
      });
    }
    return this.loggingIn;
  }

  private async doLogin(o: CallOptions): Promise<Session> {
    const user = this.opts.userName;
    const ch = await this.raw('getchallenge', { username: user }, o);
    if (!ch.ok) throw crmError(ch.code, ch.message, 'getchallenge');
    const { token } = parse(ChallengeResult, ch.result, 'getchallenge');
    const key = await this.opts.accessKey();
    const digest = createHash('md5').update(token + key).digest('hex');
    const r = await this.raw('login', { username: user, accessKey: digest }, o);
    if (!r.ok) {
      const err = crmError(r.code, r.message, 'login');
      if (err.code === 'CRM_AUTH_FAILED') this.authFailure = err;
      throw err;
    }
    const login = parse(LoginResult, r.result, 'login');
    this.session = { name: login.sessionName, login };
    return this.session;
  }

  /** One HTTP exchange, parameters placed where the operation's type makes vtenext read them. */
  private async raw(op: Operation, params: Params, o: CallOptions, files?: readonly UploadFile[]) {
    const all: Params = { operation: op, ...params };
    if (!PRELOGIN.has(op) && !all.sessionName) throw new AppError('INTERNAL', `no session for ${op}`);
    const method = OPERATION_METHOD[op];
    const req: Omit<HttpRequest, 'signal'> =
      method === 'GET'
        ? { url: `${this.endpoint}?${new URLSearchParams(all).toString()}`, method, headers: { accept: 'application/json' } }
        : postBody(this.endpoint, all, files);
    await this.acquire();
    try {
      return parseEnvelope(await this.send(req, op, o), op);
    } finally {
      this.release();
    }
  }

  private async send(req: Omit<HttpRequest, 'signal'>, op: Operation, o: CallOptions) {
    const timeoutMs = o.timeoutMs ?? this.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout.signal]) : timeout.signal;
    try {
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'The CRM request was cancelled.', { operation: op });
      return await this.opts.transport({ ...req, signal });
    } catch (e) {
      if (isAppError(e)) throw e;
      if (o.signal?.aborted) throw new AppError('CANCELLED', 'The CRM request was cancelled.', { operation: op }, { cause: e });
      if (timeout.signal.aborted) throw new AppError('CRM_TIMEOUT', `The CRM did not answer within ${Math.round(timeoutMs / 1000)} s.`, { operation: op, timeoutMs }, { cause: e });
      throw networkError(e, op);
    } finally {
      clearTimeout(timer);
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

function postBody(endpoint: string, params: Params, files?: readonly UploadFile[]): Omit<HttpRequest, 'signal'> {
  if (!files || files.length === 0) {
    return {
      url: endpoint,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new TextEncoder().encode(new URLSearchParams(params).toString()),
    };
  }
  const { contentType, body } = multipartBody(
    params,
    files.map((f, i) => ({ field: `file_${i}`, filename: f.filename, contentType: f.contentType, data: f.data })),
  );
  return { url: endpoint, method: 'POST', headers: { 'content-type': contentType, accept: 'application/json' }, body };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|PIN_MISMATCH|ERR_SSL|ERR_TLS/;

function networkError(e: unknown, op: string): AppError {
  const err = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const code = String(err?.code ?? err?.cause?.code ?? '');
  const presented = (e as { presented?: unknown })?.presented;
  if (TLS_CODES.test(code)) {
    return new AppError(
      'CRM_TLS_UNTRUSTED',
      "The CRM's certificate is not trusted.",
      { operation: op, reason: code, ...(typeof presented === 'string' ? { fingerprint256: presented } : {}) },
      { cause: e },
    );
  }
  return new AppError('CRM_UNREACHABLE', 'The CRM cannot be reached.', { operation: op, reason: code || String(err?.message ?? '') }, { cause: e });
}

function parse<S extends z.ZodType>(schema: S, value: unknown, op: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('CRM_BAD_RESPONSE', `The CRM's ${op} answer has an unexpected shape.`, { operation: op, issues: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
  return r.data;
}
