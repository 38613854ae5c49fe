export const BUILT_INPUTS: string[];
export const FUSED_WIRE: string;
export function missingInputs(repoRoot?: string): string[];
export function pack(out: string, opts?: { repoRoot?: string; timeoutMs?: number }): Promise<string>;
export function inspect(
  unpacked: string,
  opts?: { executableName?: string },
): { problems: string[]; asarEntries?: number; nativeOutside?: string[]; wire?: string | null; asarBytes?: number };
