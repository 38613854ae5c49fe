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

/** Measured inside the parser process; maxRssKb is the process's peak so far. */
export interface ParseStats {
  ms: number;
  maxRssKb: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; mail: NormalisedMail; stats: ParseStats }
  | { type: 'result'; id: number; ok: false; error: AppErrorShape };
