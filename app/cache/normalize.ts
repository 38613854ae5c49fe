/** Case- and accent-folded text, matching what FTS5 unicode61 remove_diacritics 2 compares. */
export function foldText(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function normalizeEmail(s: string): string {
  return s.trim().toLowerCase();
}
