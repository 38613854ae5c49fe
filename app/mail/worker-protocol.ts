import type { AppErrorShape } from '../contract/result';
import type { MailLimits } from './limits';
import type { NormalisedMail } from './model';

export interface ParseRequest {
  id: number;
  path: string;
  limits: MailLimits;
  /** Directory the parser may write attachment blobs into; null to hash only. */
  stagingDir: string | null;
}

/** Measured inside the parser process, for this one parse. */
export interface ParseStats {
  ms: number;
  /** Resident memory when the parse started. */
  rssBeforeKb: number;
  /**
   * Peak resident memory during the parse: VmHWM after resetting it (Linux), else the
   * process's peak so far. (Not getrusage's maxrss on Linux: after fork and exec it starts at
   * the parent's size.)
   */
  peakRssKb: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; mail: NormalisedMail; stats: ParseStats }
  | { type: 'result'; id: number; ok: false; error: AppErrorShape };
