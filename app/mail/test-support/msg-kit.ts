import * as msgreaderModule from '@kenjiuno/msgreader';
import type { FieldsData } from '@kenjiuno/msgreader';
import type { ParseContext } from '../context';
import { resolveLimits } from '../limits';
import { parseMsg } from '../parse-msg';
import { hashOnlySink } from '../sink';

/** The part of msgreader the byte-for-byte comparisons use. */
export interface Reader {
  getFileData(): FieldsData;
  getAttachment(a: FieldsData): { content: Uint8Array };
}

/** msgreader itself on a private copy of `bytes`: the reference the direct readers are checked against. */
export function msgreader(bytes: Uint8Array): Reader {
  const mod = msgreaderModule as unknown as { default: unknown };
  const Ctor = (typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default) as new (b: ArrayBuffer) => Reader;
  return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Incompressible, reproducible bytes (a linear congruential generator). */
export function pseudoRandom(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** A parse context that hashes attachments and keeps nothing. */
export function msgContext(): ParseContext {
  return { limits: resolveLimits(), sink: hashOnlySink(), depth: 0, parts: { count: 0 }, parseNested: (b, c) => parseMsg(b, c) };
}
