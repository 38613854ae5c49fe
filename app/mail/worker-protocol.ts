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

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; mail: NormalisedMail }
  | { type: 'result'; id: number; ok: false; error: AppErrorShape };
