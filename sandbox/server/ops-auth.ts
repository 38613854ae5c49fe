/** getchallenge, login, login_pwd, logout, extendsession (spec §3, FINDINGS 7–9). */
import { createHash } from 'node:crypto';
import { type OpContext, type Params, WsError, authed } from './context';
import { tzOffsetSeconds } from '../core/time';
import { wsId } from '../core/store';

export const API_VERSION = '0.22';
export const VTE_VERSION = '5.2.1';
const MAX_LOGIN_ATTEMPTS = 5;

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function getchallenge(ctx: OpContext, p: Params): unknown {
  return ctx.tokens.issue(p.username ?? '');
}

export function login(ctx: OpContext, p: Params): unknown {
  const userName = p.username ?? '';
  const user = ctx.store.userByName(userName);
  const tokens = user ? ctx.tokens.live(userName) : [];
  if (!user || tokens.length === 0) throw new WsError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
  if (!user.accesskey) throw new WsError('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined');
  const given = (p.accessKey ?? '').toLowerCase();
  if (!tokens.some((t) => md5(t + user.accesskey) === given)) {
    ctx.store.db.prepare('UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?').run(user.id);
    throw new WsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
  }
  // The lock is checked after the key (spec §3.2 order): a locked user with the right key is refused.
  const failures = (ctx.store.db.prepare('SELECT failed_logins FROM users WHERE id = ?').pluck().get(user.id) as number) ?? 0;
  if (failures >= MAX_LOGIN_ATTEMPTS) throw new WsError('LOGIN_LOCKED', 'Login failed because too many unsuccessfully logins');
  if (user.status !== 'Active') throw new WsError('AUTHENTICATION_REQUIRED', 'Given user is inactive');
  ctx.store.db.prepare('UPDATE users SET failed_logins = 0 WHERE id = ?').run(user.id);
  const session = ctx.sessions.create(user.id);
  const now = ctx.store.clock();
  return {
    sessionName: session.id,
    userId: wsId('Users', user.id),
    version: API_VERSION,
    vteVersion: VTE_VERSION,
    timezone: tzOffsetSeconds(user.timezone, now) - tzOffsetSeconds(ctx.store.serverTz, now),
  };
}

export function loginPwd(ctx: OpContext, p: Params): unknown {
  const user = ctx.store.userByName(p.username ?? '');
  if (!user || user.password !== (p.password ?? '')) throw new WsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
  if (user.status !== 'Active') throw new WsError('AUTHENTICATION_REQUIRED', 'Given user is inactive');
  return [user.accesskey];
}

export function logout(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  ctx.sessions.destroy(p.sessionName ?? a.session.id);
  return { message: 'successfull' };
}

/** Only a browser holding a web-UI PHP session can extend it; a webservice client never can. */
export function extendSession(ctx: OpContext): unknown {
  if (!ctx.operationInBody) throw new WsError('AUTHENTICATION_REQUIRED', 'Authencation required');
  throw new WsError('AUTHENTICATION_FAILURE', 'Authencation Failed');
}
