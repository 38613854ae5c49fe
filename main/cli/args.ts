import { parseArgs } from 'node:util';
import { AppError } from '../../app/errors';

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** parseArgs with strict options, turning its errors into a usage error (exit code 2). */
export function parseCommandArgs(args: string[], options: OptionSpec, usage: string): ParsedArgs {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: r.values as ParsedArgs['values'], positionals: r.positionals };
  } catch (e) {
    throw new AppError('INVALID_INPUT', `${e instanceof Error ? e.message : String(e)}\nusage: ${usage}`);
  }
}

export function stringOpt(v: ParsedArgs['values'][string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function listOpt(v: ParsedArgs['values'][string]): string[] | undefined {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
