import type { AppErrorShape, ErrorCode } from './contract/result';

/**
 * The one error type the core throws on purpose. Anything else that escapes a handler is a bug
 * and reaches the renderer as INTERNAL with a generic message (details go to the log only).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
