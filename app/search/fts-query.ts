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
