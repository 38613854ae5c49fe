/**
 * VTQL grammar (spec §5.7): one SELECT, no parentheses for grouping, an optional single ASC/DESC
 * after ORDER BY, LIMIT n or LIMIT off,cnt, mandatory ';'. Errors use the wording of the
 * generated PHP parser: "Syntax Error on line 1: token '<v>' Unexpected <TOKEN>(<v>), expected one of: <list>".
 */
import { lex, type Token, type TokenKind } from './lexer';

export type CompareOp = 'EQ' | 'NE' | 'LT' | 'GT' | 'LTE' | 'GTE' | 'LIKE' | 'IN';

export interface VtqlValue { text: string; quoted: boolean }
export interface Condition { field: string; op: CompareOp; values: VtqlValue[] }

export interface SelectStatement {
  columns: { kind: 'all' } | { kind: 'count' } | { kind: 'list'; names: string[] };
  module: string;
  where: { conditions: Condition[]; joins: Array<'AND' | 'OR'> } | null;
  orderBy: string[];
  direction: 'ASC' | 'DESC' | null;
  limit: { offset: number; count: number } | null;
}

export class VtqlSyntaxError extends Error {}

const OPS: TokenKind[] = ['EQ', 'NE', 'LT', 'GT', 'LTE', 'GTE', 'IN', 'LIKE'];

/** Terminal numbering of VTQL_Parser (SELECT = 1 … SEMICOLON = 26). */
const TOKEN_ORDER = [
  'SELECT', 'FROM', 'COLUMNNAME', 'ASTERISK', 'COUNT', 'PARENOPEN', 'PARENCLOSE', 'COMMA', 'TABLENAME', 'WHERE', 'LOGICAL_AND', 'LOGICAL_OR',
  'VALUE', 'EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE', 'ORDERBY', 'ASC', 'DESC', 'LIMIT', 'SEMICOLON',
];

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  /** Expected tokens are listed by token number, as the generated parser does; FROM is called FRM there. */
  private fail(expectedKinds: string[]): never {
    const expected = TOKEN_ORDER.filter((k) => expectedKinds.includes(k)).map((k) => (k === 'FROM' ? 'FRM' : k));
    for (const k of expectedKinds) if (!TOKEN_ORDER.includes(k)) expected.push(k);
    const t = this.peek();
    if (!t) {
      const last = this.tokens[this.tokens.length - 1]?.value ?? '';
      throw new VtqlSyntaxError(`Syntax Error on line 1: token '${last}' Unexpected End of Input(0), expected one of: ${expected.join(',')}`);
    }
    throw new VtqlSyntaxError(`Syntax Error on line 1: token '${t.value}' Unexpected ${this.name(t)}(${t.value}), expected one of: ${expected.join(',')}`);
  }

  /** Token names as the PHP parser prints them. */
  private name(t: Token): string {
    if (t.kind === 'WORD') return 'COLUMNNAME';
    if (t.kind === 'STRING' || t.kind === 'NUMBER') return 'VALUE';
    if (t.kind === 'FROM') return 'FRM';
    return t.kind;
  }


  private take(kind: TokenKind, expected: string[] = [kind]): Token {
    const t = this.peek();
    if (!t || t.kind !== kind) this.fail(expected);
    this.pos++;
    return t;
  }

  private column(expected: string[] = ['COLUMNNAME']): string {
    const t = this.peek();
    // Keywords that are also plausible field names are not special-cased: the real lexer does the same.
    if (!t || t.kind !== 'WORD') this.fail(expected);
    this.pos++;
    return t.value;
  }

  private value(): VtqlValue {
    const t = this.peek();
    if (!t || (t.kind !== 'STRING' && t.kind !== 'NUMBER' && t.kind !== 'WORD')) this.fail(['VALUE']);
    this.pos++;
    return { text: t.value, quoted: t.kind === 'STRING' };
  }

  parse(): SelectStatement {
    this.take('SELECT');
    let columns: SelectStatement['columns'];
    const first = this.peek();
    if (first?.kind === 'ASTERISK') {
      this.pos++;
      columns = { kind: 'all' };
    } else if (first?.kind === 'COUNT') {
      this.pos++;
      this.take('PARENOPEN');
      this.take('ASTERISK');
      this.take('PARENCLOSE');
      columns = { kind: 'count' };
    } else {
      const names = [this.column(['COLUMNNAME', 'ASTERISK', 'COUNT'])];
      while (this.peek()?.kind === 'COMMA') {
        this.pos++;
        names.push(this.column());
      }
      columns = { kind: 'list', names };
    }
    this.take('FROM', ['FROM', 'COMMA']);
    const table = this.peek();
    if (!table || table.kind !== 'WORD') this.fail(['TABLENAME']);
    this.pos++;
    let where: SelectStatement['where'] = null;
    if (this.peek()?.kind === 'WHERE') {
      this.pos++;
      const conditions: Condition[] = [];
      const joins: Array<'AND' | 'OR'> = [];
      for (;;) {
        const field = this.column();
        const opTok = this.peek();
        if (!opTok || !OPS.includes(opTok.kind)) this.fail(OPS);
        this.pos++;
        const op = opTok.kind as CompareOp;
        const values: VtqlValue[] = [];
        if (this.peek()?.kind === 'PARENOPEN') {
          this.pos++;
          values.push(this.value());
          while (this.peek()?.kind === 'COMMA') {
            this.pos++;
            values.push(this.value());
          }
          this.take('PARENCLOSE', ['PARENCLOSE', 'COMMA']);
        } else values.push(this.value());
        conditions.push({ field, op, values });
        const j = this.peek();
        if (j?.kind === 'LOGICAL_AND' || j?.kind === 'LOGICAL_OR') {
          this.pos++;
          joins.push(j.kind === 'LOGICAL_AND' ? 'AND' : 'OR');
          continue;
        }
        break;
      }
      where = { conditions, joins };
    }
    const orderBy: string[] = [];
    let direction: SelectStatement['direction'] = null;
    if (this.peek()?.kind === 'ORDERBY') {
      this.pos++;
      orderBy.push(this.column());
      while (this.peek()?.kind === 'COMMA') {
        this.pos++;
        orderBy.push(this.column());
      }
      const d = this.peek();
      if (d?.kind === 'ASC' || d?.kind === 'DESC') {
        this.pos++;
        direction = d.kind;
      }
    }
    let limit: SelectStatement['limit'] = null;
    if (this.peek()?.kind === 'LIMIT') {
      this.pos++;
      const a = this.peek();
      if (!a || a.kind !== 'NUMBER') this.fail(['VALUE']);
      this.pos++;
      if (this.peek()?.kind === 'COMMA') {
        this.pos++;
        const b = this.peek();
        if (!b || b.kind !== 'NUMBER') this.fail(['VALUE']);
        this.pos++;
        limit = { offset: Number(a.value), count: Number(b.value) };
      } else limit = { offset: 0, count: Number(a.value) };
    }
    this.take('SEMICOLON');
    if (this.peek()) this.fail(['End of Input']);
    return { columns, module: table.value, where, orderBy, direction, limit };
  }
}

export function parseVtql(query: string): SelectStatement {
  return new Parser(lex(query)).parse();
}
