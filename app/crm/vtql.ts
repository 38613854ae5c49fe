/**
 * VTQL text built from parts with the lexer's rules (spec §5.7): every value is a single-quoted
 * string with '' for a quote, since anything else outside quotes ('.', '@', '%', '"') makes the
 * server's lexer throw, and values are pasted verbatim into SQL.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function vtqlName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a VTQL identifier: ${JSON.stringify(name)}`);
  return name;
}

export function vtqlString(value: string): string {
  // Backslashes are pasted into MySQL too, where they escape; double them so they stay literal.
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export type VtqlOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';

export type Condition = { field: string; op: VtqlOp; value: string } | { field: string; in: readonly string[] };

export interface SelectSpec {
  module: string;
  /** '*' (every visible field), 'count' or explicit fields (the server adds `id`). */
  columns: '*' | 'count' | readonly string[];
  /** ANDed; VTQL has no parentheses, so mixing AND and OR is left out on purpose. */
  where?: readonly Condition[];
  orderBy?: readonly string[];
  desc?: boolean;
  /** Always sent: without LIMIT the server silently returns at most 1000 rows. */
  limit: number;
  offset?: number;
}

export function buildSelect(s: SelectSpec): string {
  const cols = s.columns === '*' ? '*' : s.columns === 'count' ? 'count(*)' : s.columns.map(vtqlName).join(', ');
  let q = `SELECT ${cols} FROM ${vtqlName(s.module)}`;
  if (s.where && s.where.length > 0) {
    q += ` WHERE ${s.where.map(cond).join(' AND ')}`;
  }
  if (s.orderBy && s.orderBy.length > 0) {
    q += ` ORDER BY ${s.orderBy.map(vtqlName).join(', ')}${s.desc ? ' DESC' : ''}`;
  }
  if (!Number.isInteger(s.limit) || s.limit < 1) throw new Error('LIMIT must be a positive integer');
  const off = s.offset ?? 0;
  if (!Number.isInteger(off) || off < 0) throw new Error('OFFSET must be a non-negative integer');
  q += off > 0 ? ` LIMIT ${off}, ${s.limit}` : ` LIMIT ${s.limit}`;
  return `${q};`;
}

function cond(c: Condition): string {
  if ('in' in c) {
    if (c.in.length === 0) throw new Error('IN () needs at least one value');
    return `${vtqlName(c.field)} IN (${c.in.map(vtqlString).join(',')})`;
  }
  return `${vtqlName(c.field)} ${c.op} ${vtqlString(c.value)}`;
}
