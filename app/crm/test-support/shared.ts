import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');
export const ACME_DIR = resolve(SHARED_DIR, 'crm-transcripts/acme');
/** Tests built on the recorded transcripts skip when ../shared is not beside the repo. */
export const haveTranscripts = existsSync(resolve(ACME_DIR, 'anna.jsonl'));
export const SANDBOX_ENTRY = resolve(REPO_ROOT, 'sandbox/index.ts');
export const haveSandbox = existsSync(SANDBOX_ENTRY);
