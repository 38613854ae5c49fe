/**
 * vtenext reads parameters only from $_GET or only from $_POST, by the operation's registered
 * type (spec §1.1; FINDINGS 5): a parameter in the wrong place is silently null.
 */
export const OPERATION_METHOD = {
  getchallenge: 'GET',
  login: 'POST',
  login_pwd: 'POST',
  logout: 'POST',
  listtypes: 'GET',
  describe: 'GET',
  retrieve: 'GET',
  query: 'GET',
  sync: 'GET',
  create: 'POST',
  update: 'POST',
  revise: 'POST',
  delete: 'POST',
  relate: 'POST',
} as const;

export type Operation = keyof typeof OPERATION_METHOD;

/** Operations that run without a session. */
export const PRELOGIN: ReadonlySet<Operation> = new Set(['getchallenge', 'login', 'login_pwd']);
