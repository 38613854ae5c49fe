import { describe, it, expect } from 'vitest';
import { parseVtql, VtqlSyntaxError } from './parser';
import { lex, VtqlLexError } from './lexer';
import fc from 'fast-check';

const syntaxError = (q: string): string => {
  try {
    parseVtql(q);
  } catch (e) {
    if (e instanceof VtqlSyntaxError) return e.message;
    throw e;
  }
  throw new Error(`parsed: ${q}`);
};

describe('VTQL lexer', () => {
  it('reads quoted strings with doubled quotes, signed integers, words and operators', () => {
    expect(lex("x = 'O''Brien' AND y >= -12 OR z != 3;").map((t) => `${t.kind}:${t.value}`)).toEqual([
      'WORD:x', 'EQ:=', "STRING:O'Brien", 'LOGICAL_AND:AND', 'WORD:y', 'GTE:>=', 'NUMBER:-12', 'LOGICAL_OR:OR', 'WORD:z', 'NE:!=', 'NUMBER:3', 'SEMICOLON:;',
    ]);
  });

  it('rejects what the real lexer does not know (surfaces as INTERNAL_SERVER_ERROR), including <> and an empty string', () => {
    for (const q of ['SELECT * FROM Accounts WHERE accountname = "Alpha";', 'SELECT * FROM Accounts WHERE amount > 1.5;', 'SELECT * FROM A WHERE x LIKE %a%;', "SELECT * FROM A WHERE x = '';"]) {
      expect(() => lex(q), q).toThrow(VtqlLexError);
    }
  });

  it('keeps anything inside quotes, including % . @ and <, and reads the value as MySQL would', () => {
    expect(lex("'%a.b@c<d>%'")).toEqual([{ kind: 'STRING', value: '%a.b@c<d>%' }]);
    expect(lex("'a\\\\b' 'it''s' '50\\%'")).toEqual([{ kind: 'STRING', value: 'a\\b' }, { kind: 'STRING', value: "it's" }, { kind: 'STRING', value: '50\\%' }]);
    expect(lex('x <> 1').map((t) => t.kind)).toEqual(['WORD', 'LT', 'GT', 'NUMBER']);
  });

  it('lists expected tokens by token number, with FROM named FRM', () => {
    expect(syntaxError('SELECT a b FROM Accounts;')).toBe("Syntax Error on line 1: token 'b' Unexpected COLUMNNAME(b), expected one of: FRM,COMMA");
  });
});

describe('VTQL grammar', () => {
  it('parses the full statement shape', () => {
    expect(parseVtql("select a, b from Contacts where a like '%x%' or b in ('1','2') and c = 3 order by a, b desc limit 5, 10;")).toEqual({
      columns: { kind: 'list', names: ['a', 'b'] },
      module: 'Contacts',
      where: {
        conditions: [
          { field: 'a', op: 'LIKE', values: [{ text: '%x%', quoted: true }] },
          { field: 'b', op: 'IN', values: [{ text: '1', quoted: true }, { text: '2', quoted: true }] },
          { field: 'c', op: 'EQ', values: [{ text: '3', quoted: false }] },
        ],
        joins: ['OR', 'AND'],
      },
      orderBy: ['a', 'b'],
      direction: 'DESC',
      limit: { offset: 5, count: 10 },
    });
  });

  it('accepts count(*), * and LIMIT n', () => {
    expect(parseVtql('SELECT count(*) FROM Leads;').columns).toEqual({ kind: 'count' });
    expect(parseVtql('SELECT * FROM Leads LIMIT 5000;').limit).toEqual({ offset: 0, count: 5000 });
  });

  it('reports a WHERE without condition with the recorded message', () => {
    expect(syntaxError('SELECT * FROM Accounts WHERE;')).toBe("Syntax Error on line 1: token ';' Unexpected SEMICOLON(;), expected one of: COLUMNNAME");
  });

  it('reports a missing semicolon with the recorded message', () => {
    expect(syntaxError('SELECT * FROM Accounts')).toBe("Syntax Error on line 1: token 'Accounts' Unexpected End of Input(0), expected one of: SEMICOLON");
  });

  it('has no parentheses for grouping conditions', () => {
    expect(syntaxError("SELECT * FROM Accounts WHERE (a = '1' OR b = '2');")).toMatch(/^Syntax Error on line 1: token '\(' Unexpected PARENOPEN/);
  });

  it('takes a single ASC/DESC at the end of ORDER BY only', () => {
    expect(syntaxError('SELECT * FROM Accounts ORDER BY a DESC, b;')).toMatch(/Unexpected COMMA/);
  });
});

describe('VTQL robustness', () => {
  it('any input either parses or fails with a lexer or syntax error, never anything else', () => {
    const piece = fc.constantFrom(
      'SELECT', 'select', '*', 'count(*)', 'FROM', 'Accounts', 'WHERE', 'accountname', '=', '!=', '<', '>=', 'LIKE', 'IN', '(', ')', ',', "'x'", "'a''b'",
      '12', '-3', 'AND', 'OR', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT', ';', '"', '.', "''", 'order by',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const q = parts.join(' ');
        try {
          const stmt = parseVtql(q);
          expect(stmt.module).toMatch(/^\w+$/);
        } catch (e) {
          expect(e instanceof VtqlSyntaxError || e instanceof VtqlLexError, `${q}: ${String(e)}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
