/** Types for build/electronegativity-check.mjs, so its TypeScript test can call it. */

export interface Finding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

export interface Reviewed {
  ruleId: string;
  file: RegExp;
  why: string;
}

export interface Gated {
  denied: Finding[];
  reviewed: Finding[];
  other: Finding[];
}

export const ELECTRON_VERSION: string;
export const DENY: RegExp[];
export const REVIEWED: Reviewed[];
export const NOTED: Record<string, string>;
export function gate(findings: Finding[], deny?: RegExp[], reviewed?: Reviewed[]): Gated;
export function findingsFromSarif(sarif: unknown, scannedRoot: string, mapPath?: (p: string) => string): Finding[];
export function resolveScanner(): string | null;
export function check(opts?: {
  requireDist?: boolean;
  sarifOut?: string | null;
  extraDirs?: Array<{ from: string; as: string }>;
  repoRoot?: string;
}): Promise<Gated & { haveBundle: boolean; findings: Finding[] }>;
