import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, calls, events, isCallName, resultSchema } from './index';
import { decodeWire, encodeWire } from './wire';
import { APP_VERSION } from '../version';

describe('API contract', () => {
  it('round-trips bytes through the JSON wire codec', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const decoded = decodeWire(encodeWire({ kind: 'call', id: 1, name: 'mail.import', input: { fileName: 'a.eml', bytes } })) as {
      input: { bytes: Uint8Array };
    };
    expect(decoded.input.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.input.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('does not turn look-alike user data into bytes', () => {
    const decoded = decodeWire(encodeWire({ subject: { $bytes: 'AAAA', other: 1 } })) as { subject: unknown };
    expect(decoded.subject).toEqual({ $bytes: 'AAAA', other: 1 });
  });

  it('validates inputs strictly: unknown keys and wrong types are refused', () => {
    expect(calls['mail.get'].input.safeParse({ id: 'a' }).success).toBe(true);
    expect(calls['mail.get'].input.safeParse({ id: 'a', admin: true }).success).toBe(false);
    expect(calls['mail.import'].input.safeParse({ fileName: 'x.eml', bytes: 'not bytes' }).success).toBe(false);
    expect(calls['mail.import'].input.safeParse({ fileName: '', bytes: new Uint8Array(1) }).success).toBe(false);
  });

  it('lists exactly the calls and events of the schema tables in its zod-free names', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(calls).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('knows its own call names and nothing inherited', () => {
    expect(isCallName('mail.list')).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
    expect(Object.keys(events)).toContain('progress');
  });

  it('shapes results as ok/value or ok/error with a known code', () => {
    const schema = resultSchema(calls['mail.remove'].output);
    expect(schema.safeParse({ ok: true, value: { removed: true } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'MALFORMED_MAIL', message: 'x' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'SOMETHING_ELSE', message: 'x' } }).success).toBe(false);
  });

  it('reports the version package.json declares', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});
