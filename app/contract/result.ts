import { z } from 'zod';
import { ERROR_CODES, type AppErrorShape as PlainAppErrorShape, type ErrorCode as PlainErrorCode } from './plain';

export { ERROR_CODES, fail, ok, type Result } from './plain';

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = PlainErrorCode;

export const AppErrorShape: z.ZodType<PlainAppErrorShape> = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Machine-readable extras (field paths, limits hit); never secrets. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = PlainAppErrorShape;

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorShape }),
  ]);
}
