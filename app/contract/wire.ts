import { z } from 'zod';

/**
 * Message framing for transports that carry JSON text (the headless WebSocket). Electron IPC uses
 * structured clone and needs none of this. Uint8Array values are tagged so they survive JSON.
 */

export const WireRequest = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  input: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;

export type WireMessage =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'event'; name: string; payload: unknown };

const BYTES_TAG = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { [BYTES_TAG]: toBase64(v) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const rec = v as Record<string, unknown>;
      const tagged = rec[BYTES_TAG];
      if (typeof tagged === 'string' && Object.keys(rec).length === 1) return fromBase64(tagged);
    }
    return v;
  });
}
