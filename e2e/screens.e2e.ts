import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildMsg } from '../app/mail/test-support/fixtures';
import { buildTnef } from '../app/mail/test-support/tnef-writer';
import { seriousViolations } from './support/axe';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { startDemoCrm, type DemoCrm } from './support/demo-crm';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const DEMO_USER = 'giulia.rinaldi';
const shots = join(repoRoot, 'test-results', 'screens');


async function check(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

describe.skipIf(!chromiumPath())('every screen: accessible, bilingual, and each mail format previewed', () => {
  let crm: DemoCrm;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    crm = await startDemoCrm();
    shell = await startBuiltHeadless([], {
      CONNECTOR_DEMO_URL: crm.url,
      CONNECTOR_DEMO_USER: DEMO_USER,
      CONNECTOR_DEMO_ACCESS_KEY: crm.users.get(DEMO_USER)!,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByTestId('dropzone').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await crm?.stop();
  });

  it('first run: setup, and a wrong key gets a clear error', async () => {
    await check(page, '01-first-run');
    await page.getByLabel('CRM address').fill(crm.url);
    await page.getByLabel('User name').fill(DEMO_USER);
    await page.getByLabel('Access key', { exact: true }).fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'refused' }).count(), { timeout: 10_000 }).toBe(1);
    await check(page, '02-wrong-key');
  });

  it('demo sign-in, then .eml, .msg and winmail.dat each previewed', async () => {
    await page.getByRole('button', { name: 'Try the built-in demo CRM' }).click();
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 60_000 }).toMatch(/records/);

    const msg = buildMsg({ subject: 'Ordine dalla Germania – Größe', body: 'Guten Tag, anbei die Bestellung.', senderName: 'Jürgen Weiß', senderSmtp: 'juergen@example.de', to: [{ name: 'Giulia', email: 'giulia.rinaldi@aurora-industrie.example' }] });
    await dropFile(page, 'bestellung.msg', msg, 'application/vnd.ms-outlook');
    await expect.poll(() => page.getByTestId('mail-subject').textContent(), { timeout: 20_000 }).toBe('Ordine dalla Germania – Größe');
    await check(page, '03-msg-preview');

    const tnef = buildTnef({ subject: 'Winmail attachment', attachments: [{ title: 'listino.txt', data: new TextEncoder().encode('prezzi 2027') }] });
    await dropFile(page, 'winmail.dat', tnef, 'application/ms-tnef');
    await expect.poll(() => page.getByTestId('mail-detail').textContent(), { timeout: 20_000 }).toContain('listino.txt');
    await check(page, '04-tnef-preview');

    const eml = new TextEncoder().encode(
      ['From: Anna <anna@example.it>', 'To: giulia.rinaldi@aurora-industrie.example', 'Subject: Semplice', 'Date: Mon, 23 Nov 2026 08:00:00 +0100', 'Content-Type: text/html; charset=utf-8', '', '<p><b>Ciao</b> Giulia</p>', ''].join('\r\n'),
    );
    await dropFile(page, 'semplice.eml', eml, 'message/rfc822');
    await expect.poll(() => page.getByTestId('mail-subject').textContent(), { timeout: 20_000 }).toBe('Semplice');
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').locator('b').textContent(), { timeout: 10_000 }).toBe('Ciao');
    await check(page, '05-eml-preview');
  });

  it('outbox, history and settings screens; Italian throughout', async () => {
    await page.keyboard.press('Control+2');
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    await check(page, '06-outbox');
    await page.keyboard.press('Control+3');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await check(page, '07-history');
    await page.keyboard.press('Control+4');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await check(page, '08-settings');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('it');
    await page.getByRole('heading', { name: 'Impostazioni' }).waitFor();
    await check(page, '09-settings-it');
    await page.keyboard.press('Control+1');
    await page.getByText('Trascina qui le email').waitFor();
    await check(page, '10-inbox-it');

    // Dark appearance, chosen explicitly: still readable.
    await page.keyboard.press('Control+4');
    await page.getByRole('combobox', { name: 'Aspetto' }).selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await check(page, '11-settings-dark');
    await page.keyboard.press('Control+1');
    await page.frameLocator('[data-testid="preview-frame"]').locator('b').waitFor();
    await check(page, '12-inbox-dark');
  });
});
