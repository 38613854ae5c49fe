import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkerEntry } from './parser-pool';
import { SIMPLE_EML, tmp } from './test-support/fixtures';

describe('stdout stays clean for a CLI printing JSON (security-research §0.1)', () => {
  it('keeps everything the parser process prints off the caller\'s stdout', () => {
    const file = join(tmp('cli-'), 'mail.eml');
    writeFileSync(file, SIMPLE_EML);
    const script = fileURLToPath(new URL('./test-support/cli-like.ts', import.meta.url));
    const noisy = fileURLToPath(new URL('./test-support/noisy-worker.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [...defaultWorkerEntry().execArgv, script, file, noisy], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('NOISE');
    const view = JSON.parse(r.stdout) as { subject: string; attachments: unknown[] };
    expect(view.subject).toBe('Grüße aus München');
    expect(view.attachments).toHaveLength(3);
  }, 60_000);
});
