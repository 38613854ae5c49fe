import { z } from 'zod';
import { calls, isCallName, type CallName } from '../contract/api';
import type { Result } from '../contract/result';
import { AppError } from '../errors';
import type { Handlers } from './handlers';

export interface DispatchLogger {
  error(message: string, err: unknown): void;
}

/**
 * The boundary both shells share: look the call up, validate the raw input against the
 * contract, run the handler, and turn every outcome into a Result. The shell adds its own
 * transport checks (sender frame, token, origin) before calling this.
 */
export function createDispatcher(handlers: Handlers, log: DispatchLogger) {
  return async function dispatch(name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call ${JSON.stringify(String(name)).slice(0, 80)}` } };
    }
    const spec = calls[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `invalid input for ${name}: ${z.prettifyError(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toShape() };
      log.error(`call ${name} failed`, e);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app. The details are in the log.' } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
export type { CallName };
