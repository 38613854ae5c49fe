import { foldText } from '../cache/normalize';

/** Folded word tokens of what the user typed, as the FTS tokenizer would split them. */
export function tokens(q: string): string[] {
  return foldText(q).split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

/**
 * An FTS5 MATCH expression in which every token is a quoted prefix term, so user input is never
 * parsed as FTS syntax (AND, NEAR, column filters, quotes).
 */
export function prefixMatch(toks: readonly string[]): string {
  return toks.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

/** The longest prefix the full-text tables index (`prefix = '1 2 3'` in cache migration 1). */
const INDEXED_PREFIX_CHARS = 3;

/** The token cut to a prefix the full-text index answers from its prefix index. */
export function indexedPrefix(token: string): string {
  return [...token].slice(0, INDEXED_PREFIX_CHARS).join('');
}

const ASCII = /^[ -~\t\n\r]*$/;
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;

/**
 * Every token starts some word of `text`, words split and folded as `tokens` does. Runs on
 * every candidate row of a query, so it looks for each token where it occurs instead of
 * splitting the text, and ASCII text (the usual case) is only lower-cased.
 */
export function hasWordPrefixes(text: string, toks: readonly string[]): boolean {
  const folded = ASCII.test(text) ? text.toLowerCase() : foldText(text);
  return toks.every((t) => {
    // A token is all letters and digits, so where it occurs it starts a word unless one precedes it.
    for (let i = folded.indexOf(t); i !== -1; i = folded.indexOf(t, i + 1)) {
      if (!ENDS_IN_WORD.test(folded.slice(Math.max(0, i - 2), i))) return true;
    }
    return false;
  });
}
