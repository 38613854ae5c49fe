/**
 * VTQL tokens as vtenext's VTQL_Lexer accepts them. Any other character outside a quoted string
 * throws, which the real server surfaces as INTERNAL_SERVER_ERROR (FINDINGS 20).
 */
export type TokenKind =
  | 'SELECT' | 'FROM' | 'WHERE' | 'ORDERBY' | 'LIMIT' | 'COUNT' | 'ASC' | 'DESC'
  | 'LOGICAL_AND' | 'LOGICAL_OR' | 'IN' | 'LIKE'
  | 'EQ' | 'NE' | 'LT' | 'GT' | 'LTE' | 'GTE'
  | 'COMMA' | 'ASTERISK' | 'PARENOPEN' | 'PARENCLOSE' | 'SEMICOLON'
  | 'WORD' | 'STRING' | 'NUMBER';

export interface Token { kind: TokenKind; value: string }

export class VtqlLexError extends Error {}

const KEYWORDS: Record<string, TokenKind> = {
  select: 'SELECT', from: 'FROM', where: 'WHERE', limit: 'LIMIT', count: 'COUNT', asc: 'ASC', desc: 'DESC',
  and: 'LOGICAL_AND', or: 'LOGICAL_OR', in: 'IN', like: 'LIKE',
};

const PUNCT: Array<[string, TokenKind]> = [
  ['<=', 'LTE'], ['>=', 'GTE'], ['!=', 'NE'], ['<>', 'NE'], ['=', 'EQ'], ['<', 'LT'], ['>', 'GT'],
  [',', 'COMMA'], ['*', 'ASTERISK'], ['(', 'PARENOPEN'], [')', 'PARENCLOSE'], [';', 'SEMICOLON'],
];

export function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const orderBy = /^order\s+by\b/i.exec(input.slice(i));
    if (orderBy) {
      out.push({ kind: 'ORDERBY', value: orderBy[0] });
      i += orderBy[0].length;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let val = '';
      for (;;) {
        if (j >= input.length) throw new VtqlLexError('unterminated string');
        const ch = input[j]!;
        if (ch === '\\' && j + 1 < input.length) {
          val += input[j + 1];
          j += 2;
          continue;
        }
        if (ch === "'") {
          if (input[j + 1] === "'") {
            val += "'";
            j += 2;
            continue;
          }
          break;
        }
        val += ch;
        j++;
      }
      out.push({ kind: 'STRING', value: val });
      i = j + 1;
      continue;
    }
    const num = /^[+-]?\d+(?![\w])/.exec(input.slice(i));
    if (num && (c !== '+' && c !== '-' ? true : /\d/.test(input[i + 1] ?? ''))) {
      out.push({ kind: 'NUMBER', value: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^\w+/.exec(input.slice(i));
    if (word) {
      out.push({ kind: KEYWORDS[word[0].toLowerCase()] ?? 'WORD', value: word[0] });
      i += word[0].length;
      continue;
    }
    const p = PUNCT.find(([s]) => input.startsWith(s, i));
    if (p) {
      out.push({ kind: p[1], value: p[0] });
      i += p[0].length;
      continue;
    }
    throw new VtqlLexError(`unexpected character ${c}`);
  }
  return out;
}
