/**
 * VTQL tokens as vtenext's VTQL_Lexer accepts them: words, quoted strings of at least one
 * character ('' inside doubles a quote), signed integers, ( ) , * ; = < > <= >= != and
 * whitespace [ \t\r\n]. Anything else — ", ., %, @, <>, an empty '' — makes the real lexer
 * throw, which the server answers as INTERNAL_SERVER_ERROR (FINDINGS 20).
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
  ['<=', 'LTE'], ['>=', 'GTE'], ['!=', 'NE'], ['=', 'EQ'], ['<', 'LT'], ['>', 'GT'],
  [',', 'COMMA'], ['*', 'ASTERISK'], ['(', 'PARENOPEN'], [')', 'PARENCLOSE'], [';', 'SEMICOLON'],
];

/**
 * The server pastes the quoted token into MySQL, so the value MySQL sees follows its string
 * escapes: '' is a quote, and a backslash escapes the next character.
 */
function mysqlUnquote(body: string): string {
  const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', Z: '\x1a' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else if (c === '\\' && i + 1 < body.length) {
      const n = body[++i] as string;
      // LIKE keeps \% and \_ as escaped wildcards.
      out += n === '%' || n === '_' ? `\\${n}` : (ESC[n] ?? n);
    } else out += c;
  }
  return out;
}

const STRING = /^'(?:[^']|'')+'/;
const NUMBER = /^[+-]\d+/;
const WORD = /^\w+/;
const SPACE = /^[ \t\r\n]+/;

export function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let pendingOrder = false;
  while (i < input.length) {
    const rest = input.slice(i);
    const space = SPACE.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    // The real alternation tries words first, so "12" is a word and "-12" a number.
    const word = WORD.exec(rest);
    if (word) {
      i += word[0].length;
      const lower = word[0].toLowerCase();
      if (lower === 'order') {
        pendingOrder = true;
        continue;
      }
      if (pendingOrder && lower === 'by') {
        pendingOrder = false;
        out.push({ kind: 'ORDERBY', value: word[0] });
        continue;
      }
      pendingOrder = false;
      out.push({ kind: KEYWORDS[lower] ?? (/^\d+$/.test(word[0]) ? 'NUMBER' : 'WORD'), value: word[0] });
      continue;
    }
    const str = STRING.exec(rest);
    if (str) {
      out.push({ kind: 'STRING', value: mysqlUnquote(str[0].slice(1, -1)) });
      i += str[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      out.push({ kind: 'NUMBER', value: num[0] });
      i += num[0].length;
      continue;
    }
    const p = PUNCT.find(([s]) => rest.startsWith(s));
    if (p) {
      out.push({ kind: p[1], value: p[0] });
      i += p[0].length;
      continue;
    }
    throw new VtqlLexError(`Unexpected input at line1: ${input[i]}`);
  }
  return out;
}
