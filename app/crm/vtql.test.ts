import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSelect, vtqlString } from './vtql';

/** Reads a VTQL/MySQL single-quoted literal back, to check that quoting is loss-free. */
function unquote(lit: string): string {
  expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
  return lit.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\');
}

describe('VTQL builder', () => {
  it('always sends an explicit LIMIT, quotes every value and ends with ;', () => {
    expect(buildSelect({ module: 'Contacts', columns: '*', where: [{ field: 'modifiedtime', op: '>=', value: '2026-11-23 05:23:01' }], orderBy: ['modifiedtime'], limit: 500 })).toBe(
      "SELECT * FROM Contacts WHERE modifiedtime >= '2026-11-23 05:23:01' ORDER BY modifiedtime LIMIT 500;",
    );
    expect(buildSelect({ module: 'Leads', columns: 'count', limit: 1 })).toBe('SELECT count(*) FROM Leads LIMIT 1;');
    expect(buildSelect({ module: 'Accounts', columns: ['id'], where: [{ field: 'id', in: ['3x1', "3x2'"] }], limit: 2, offset: 4 })).toBe(
      "SELECT id FROM Accounts WHERE id IN ('3x1','3x2''') LIMIT 4, 2;",
    );
  });

  it('rejects identifiers that could smuggle VTQL', () => {
    expect(() => buildSelect({ module: 'Accounts; DROP', columns: '*', limit: 1 })).toThrow();
    expect(() => buildSelect({ module: 'Accounts', columns: ['a b'], limit: 1 })).toThrow();
    expect(() => buildSelect({ module: 'Accounts', columns: '*', limit: 0 })).toThrow();
  });

  it('quotes any string loss-free, with the quote never left unbalanced', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const lit = vtqlString(s);
        expect(unquote(lit)).toBe(s);
        // Inside the literal every quote is paired, so the lexer cannot leave the string early.
        expect(lit.slice(1, -1).replace(/''/g, '')).not.toContain("'");
      }),
    );
  });
});
