/**
 * query (spec §5.7): VTQL compiled to one SQLite statement over crmentity, with the §8.6 owner
 * filter joined in from the Recalculate output, exactly like vtenext's list query.
 */
import { type OpContext, type Params, WsError, authed, DENIED, type AuthedContext } from './context';
import { ENTITY_IDS, moduleMeta, isNumericType, type FieldMeta } from '../core/meta';
import { isPermitted, ownerFiltered } from '../core/permissions';
import { inListtypes } from './access';
import { parseVtql, VtqlSyntaxError, type Condition, type SelectStatement, type VtqlValue } from '../vtql/parser';
import { VtqlLexError } from '../vtql/lexer';
import { parseWsId, wsId, type StoredRecord } from '../core/store';

const DEFAULT_LIMIT = 1000;
const DB_ERROR = 'Database error while performing requested operation';
const UNKNOWN_ERROR = 'Unknown Error while processing request';

type SqlParam = string | number;

function column(f: FieldMeta): string {
  if (f.name === 'id') return 'c.crmid';
  if (f.name === 'assigned_user_id') return 'c.smownerid';
  if (f.name === 'createdtime' || f.name === 'modifiedtime') return `c.${f.name}`;
  return `json_extract(c.data, '$.${f.name}')`;
}

function isIdLike(f: FieldMeta): boolean {
  return f.name === 'id' || f.type.name === 'owner' || f.type.name === 'reference';
}

function operand(f: FieldMeta, value: VtqlValue): SqlParam | null {
  const raw = value.text;
  // Values are pasted into the SQL as written: a bare word is a column name to MySQL, so an error.
  if (!isIdLike(f) && !value.quoted && !/^[+-]?\d+$/.test(raw)) throw new WsError('DATABASE_QUERY_ERROR', DB_ERROR);
  if (isIdLike(f)) {
    const p = parseWsId(raw);
    if (!p) {
      if (f.type.name === 'reference') throw new WsError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
      return null;
    }
    return f.type.name === 'reference' ? String(p.id) : p.id;
  }
  if (isNumericType(f.type.name) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  return raw;
}

function expression(f: FieldMeta): string {
  const col = column(f);
  if (isNumericType(f.type.name)) return `CAST(${col} AS REAL)`;
  return col;
}

const SQL_OP: Record<string, string> = { EQ: '=', NE: '!=', LT: '<', GT: '>', LTE: '<=', GTE: '>=' };

/**
 * MySQL compares text case-insensitively. The crmentity times hold only digits and separators,
 * which sort below every letter, so NOCASE and BINARY order them alike against any value; BINARY
 * lets `modifiedtime >= ?` use the index instead of scanning the module on every keyset page.
 */
function collation(f: FieldMeta): string {
  return isIdLike(f) || isNumericType(f.type.name) || f.name === 'createdtime' || f.name === 'modifiedtime' ? '' : ' COLLATE NOCASE';
}

function conditionSql(c: Condition, f: FieldMeta, params: SqlParam[]): string {
  const expr = expression(f);
  const collate = collation(f);
  if (c.op === 'IN') {
    const ops = c.values.map((v) => operand(f, v));
    if (ops.some((o) => o === null)) return '0';
    params.push(...(ops as SqlParam[]));
    return `${expr}${collate} IN (${ops.map(() => '?').join(', ')})`;
  }
  const v = c.values[0];
  if (!v) return '0';
  if (c.op === 'LIKE') {
    if (!isIdLike(f)) operand(f, v);
    params.push(v.text);
    return `${column(f)} LIKE ? ESCAPE '\\'`;
  }
  const o = operand(f, v);
  if (o === null) return '0';
  params.push(o);
  return `${expr}${collate} ${SQL_OP[c.op]} ?`;
}

function moduleFromQuery(q: string): string | null {
  return /\bfrom\s+(\w+)/i.exec(q)?.[1] ?? null;
}

function parse(q: string): SelectStatement {
  try {
    return parseVtql(q);
  } catch (e) {
    if (e instanceof VtqlSyntaxError) throw new WsError('QUERY_SYNTAX_ERROR', e.message);
    if (e instanceof VtqlLexError) throw new WsError('INTERNAL_SERVER_ERROR', UNKNOWN_ERROR);
    throw e;
  }
}

function queryUsers(a: AuthedContext, stmt: SelectStatement): unknown {
  if (!a.priv.isAdmin) return stmt.columns.kind === 'count' ? [{ count: '0' }] : [];
  const users = a.store.db.prepare('SELECT id FROM users WHERE deleted = 0 ORDER BY id').pluck().all() as number[];
  if (stmt.columns.kind === 'count') return [{ count: String(users.length) }];
  return users.map((id) => {
    const u = a.store.user(id);
    return u ? { user_name: u.user_name, first_name: u.first_name, last_name: u.last_name, email1: u.email, status: u.status, is_admin: u.is_admin ? 'on' : 'off', roleid: u.roleid, id: wsId('Users', id) } : {};
  });
}

function queryGroups(a: AuthedContext, stmt: SelectStatement): unknown {
  const groups = a.store.db.prepare('SELECT groupid, name, description FROM groups_ ORDER BY groupid').all() as Array<{ groupid: number; name: string; description: string }>;
  if (stmt.columns.kind === 'count') return [{ count: String(groups.length) }];
  return groups.map((g) => ({ groupname: g.name, description: g.description, id: wsId('Groups', g.groupid) }));
}

export function query(ctx: OpContext, p: Params): unknown {
  const a = authed(ctx);
  const q = p.query ?? '';
  const module = moduleFromQuery(q);
  if (!module) throw new WsError('ACCESS_DENIED', `${DENIED} for query`);
  if (ENTITY_IDS[module] === undefined) throw new WsError('ACCESS_DENIED', `${DENIED} for name`);
  if (!inListtypes(a.priv, module)) throw new WsError('ACCESS_DENIED', DENIED);
  const stmt = parse(q);
  if (module === 'Users') return queryUsers(a, stmt);
  if (module === 'Groups') return queryGroups(a, stmt);
  const meta = moduleMeta(stmt.module);
  if (!meta) return [];
  const visible = a.store.visibleFields(meta, a.priv);
  const byName = new Map(visible.map((f) => [f.name, f]));

  let outFields: FieldMeta[];
  if (stmt.columns.kind === 'list') {
    outFields = stmt.columns.names.map((n) => {
      const f = byName.get(n);
      if (!f) throw new WsError('ACCESS_DENIED', `Permission to access '.${n}.' attribute denied.`);
      return f;
    });
  } else outFields = visible.filter((f) => f.type.name !== 'file');

  const params: SqlParam[] = [stmt.module];
  let sql = 'FROM crmentity c WHERE c.module = ? AND c.deleted = 0';
  if (stmt.module === 'Messages') {
    // Messages queries are owner-only for everybody, admins included (sanitizeSqlQuery).
    sql += ' AND c.smownerid = ?';
    params.push(a.user.id);
  } else if (ownerFiltered(a.priv, stmt.module)) {
    sql += ' AND c.smownerid IN (SELECT ownerid FROM tmp_owners WHERE userid = ? AND module = ?)';
    params.push(a.user.id, stmt.module);
  }
  if (stmt.where) {
    const parts: string[] = [];
    stmt.where.conditions.forEach((c, i) => {
      const f = byName.get(c.field);
      if (!f) throw new WsError('ACCESS_DENIED', `Permission to access ${c.field} attribute denied.`);
      if (i > 0) parts.push(stmt.where?.joins[i - 1] ?? 'AND');
      parts.push(conditionSql(c, f, params));
    });
    sql += ` AND (${parts.join(' ')})`;
  }
  // Each row is also checked with a module-level isPermitted(DetailView).
  if (!isPermitted(a.store.accessContext(a.priv), stmt.module, 'DetailView')) return stmt.columns.kind === 'count' ? [{ count: '0' }] : [];

  if (stmt.columns.kind === 'count') {
    const n = a.store.db.prepare(`SELECT count(*) ${sql}`).pluck().get(...params) as number;
    return [{ count: String(n) }];
  }
  let order = '';
  if (stmt.orderBy.length) {
    const cols = stmt.orderBy.map((name) => {
      const f = meta.fields.find((x) => x.name === name);
      if (!f) throw new WsError('DATABASE_QUERY_ERROR', DB_ERROR);
      // MySQL's collation is case-insensitive for text; times and ids sort as stored (and keep the index usable).
      return isNumericType(f.type.name) || isIdLike(f) || f.type.name === 'datetime' || f.type.name === 'date' ? expression(f) : `${column(f)} COLLATE NOCASE`;
    });
    // One ASC/DESC is appended at the end, so it applies to the last column only.
    order = ` ORDER BY ${cols.join(', ')}${stmt.direction ? ' ' + stmt.direction : ''}, c.crmid`;
  }
  const limit = stmt.limit ?? { offset: 0, count: DEFAULT_LIMIT };
  // A page of ids and times is read from the index, without the records' data (about 2 KB each).
  const cols = a.store.readsRecord(outFields, 'query', stmt.module) ? 'c.*' : `c.crmid, c.module, c.smownerid, c.deleted, '' AS createdtime, c.modifiedtime, NULL AS key, '{}' AS data`;
  const rows = a.store.db.prepare(`SELECT ${cols} ${sql}${order} LIMIT ? OFFSET ?`).all(...params, limit.count, limit.offset) as StoredRecord[];
  const format = a.store.formatter(outFields, a.user, 'query', stmt.module);
  return rows.map(format);
}
