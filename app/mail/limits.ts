export interface MailLimits {
  /** Largest input file accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of embedded messages (and MIME multiparts) accepted. */
  maxDepth: number;
  /** Most attachments plus embedded messages in one file, counted over all levels. */
  maxParts: number;
  /** Wall-clock budget for one parse, after which the parser process is killed. */
  timeoutMs: number;
  /** V8 old-space cap of the parser process. */
  maxHeapMb: number;
}

// Generous: Outlook's own limits are ~20–150 MB per mail; real nesting rarely exceeds 5.
export const DEFAULT_LIMITS: MailLimits = {
  maxBytes: 150 * 1024 * 1024,
  maxDepth: 16,
  maxParts: 2000,
  timeoutMs: 30_000,
  maxHeapMb: 1024,
};

export function resolveLimits(partial?: Partial<MailLimits>): MailLimits {
  const merged = { ...DEFAULT_LIMITS, ...(partial ?? {}) };
  for (const [k, v] of Object.entries(merged)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`mail limit ${k} must be a positive number`);
  }
  return merged;
}
