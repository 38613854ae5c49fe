// html-to-text 10 ships no types; only the one function used here is declared.
declare module 'html-to-text' {
  export function convert(html: string, options?: { wordwrap?: number | false | null; limits?: { maxDepth?: number; maxInputLength?: number } }): string;
}
