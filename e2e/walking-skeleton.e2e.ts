import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const SAMPLE_EML = [
  'From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen.mueller@example.de>',
  'To: Anna Rossi <anna.rossi@example.it>',
  'Subject: =?UTF-8?Q?Offerta_n=C2=B0_42_=E2=80=93_Caff=C3=A8?=',
  'Date: Tue, 17 Nov 2026 09:30:00 +0100',
  'Message-ID: <skeleton-42@example.de>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Buongiorno Anna, in allegato la nostra offerta.',
  '',
].join('\r\n');

describe.skipIf(!chromiumPath())('walking skeleton: drop an .eml, see it parsed', () => {
  let shell: RunningShell;
  let browser: Browser;

  beforeAll(async () => {
    shell = await startBuiltHeadless();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
  });

  it('parses a dropped file in the core and shows subject and sender', async () => {
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(shell.url);
    const zone = page.getByTestId('dropzone');
    await zone.waitFor();
    // The token left the address bar once the page took it.
    expect(page.url()).not.toContain('token=');

    // A DataTransfer built in the page, dispatched as a real drag would be (e2e/support/drop.ts).
    await dropFile(page, 'offerta.eml', SAMPLE_EML);

    await expect.poll(() => page.getByTestId('mail-subject').textContent(), { timeout: 20_000 }).toBe('Offerta n° 42 – Caffè');
    expect(await page.getByTestId('mail-from').textContent()).toBe('Jürgen Müller <juergen.mueller@example.de>');
    expect(await page.getByTestId('inbox').textContent()).toContain('Offerta n° 42 – Caffè');
    expect(cspViolations).toEqual([]);

    const dir = join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'walking-skeleton.png'), fullPage: true });

    // It survives a reload: the inbox is the core's, not the page's.
    await page.reload();
    await expect.poll(() => page.getByTestId('inbox').textContent(), { timeout: 10_000 }).toContain('Offerta n° 42 – Caffè');
  });

  it('refuses a page from another origin', async () => {
    const page = await browser.newPage();
    // A page on a different origin tries to reach the API with a guessed token.
    await page.goto('about:blank');
    const outcome = await page.evaluate(async (wsOrigin) => {
      return new Promise<string>((resolve) => {
        const ws = new WebSocket(`${wsOrigin.replace('http', 'ws')}/api?token=guess`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    }, shell.origin);
    expect(outcome).toBe('refused');
  });
});
