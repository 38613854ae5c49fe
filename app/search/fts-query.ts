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

/** Every token starts some word of `text`, with words split and folded as `tokens` does. */
export function hasWordPrefixes(text: string, toks: readonly string[]): boolean {
  const words = tokens(text);
  return toks.every((t) => words.some((w) => w.startsWith(t)));
}
