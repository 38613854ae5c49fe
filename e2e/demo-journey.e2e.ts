import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { startDemoCrm, wsQuery, type DemoCrm } from './support/demo-crm';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const DEMO_USER = 'giulia.rinaldi';

function mailFrom(from: string, cc: string): string {
  return [
    `From: ${from}`,
    'To: giulia.rinaldi@aurora-industrie.example',
    `Cc: ${cc}`,
    'Subject: Richiesta di offerta',
    'Date: Thu, 19 Nov 2026 08:15:00 +0100',
    'Message-ID: <demo-journey-1@example.com>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Buongiorno, vorremmo un preventivo.',
    '',
  ].join('\r\n');
}


describe.skipIf(!chromiumPath())('demo CRM journey: sign in, sync, suggestions and search within the user’s permissions', () => {
  let crm: DemoCrm;
  let shell: RunningShell;
  let browser: Browser;

  beforeAll(async () => {
    crm = await startDemoCrm();
    const key = crm.users.get(DEMO_USER);
    if (!key) throw new Error(`demo user ${DEMO_USER} missing`);
    shell = await startBuiltHeadless([], { CONNECTOR_DEMO_URL: crm.url, CONNECTOR_DEMO_USER: DEMO_USER, CONNECTOR_DEMO_ACCESS_KEY: key });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await crm?.stop();
  });

  it('signs into the demo, suggests only visible records and never shows a forbidden one', async () => {
    const key = crm.users.get(DEMO_USER)!;
    const adminKey = crm.users.get('admin')!;
    // What the server says: giulia's visible contacts, and one contact only the admin can see.
    const visible = (await wsQuery(crm.url, DEMO_USER, key, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%' LIMIT 0,500;"));
    const all = await wsQuery(crm.url, 'admin', adminKey, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%' LIMIT 0,1000;");
    const visibleIds = new Set(visible.map((c) => c.id));
    const visibleNames = new Set(visible.map((c) => `${c.firstname} ${c.lastname}`));
    const forbidden = all.find((c) => !visibleIds.has(c.id) && !visibleNames.has(`${c.firstname} ${c.lastname}`));
    const friend = visible[0];
    expect(friend, 'giulia sees at least one contact').toBeDefined();
    expect(forbidden, 'some contact is hidden from giulia').toBeDefined();

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByRole('button', { name: 'Try the built-in demo CRM' }).click();
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 60_000 }).toMatch(/records/);

    await dropFile(page, 'richiesta.eml', mailFrom(`${friend!.firstname} ${friend!.lastname} <${friend!.email}>`, forbidden!.email!));
    const suggestions = page.getByTestId('suggestions');
    await expect.poll(() => suggestions.textContent(), { timeout: 20_000 }).toContain(friend!.lastname);
    expect(await suggestions.textContent()).not.toContain(`${forbidden!.firstname} ${forbidden!.lastname}`);

    const search = page.getByRole('searchbox', { name: 'Search records' });
    await search.fill(forbidden!.lastname!);
    await page.waitForTimeout(500);
    const forbiddenShown = await page.getByText(`${forbidden!.firstname} ${forbidden!.lastname}`).count();
    expect(forbiddenShown).toBe(0);

    await search.fill(friend!.lastname!);
    await expect.poll(() => page.getByTestId('search-results').textContent(), { timeout: 10_000 }).toContain(friend!.lastname);

    const dir = join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'demo-journey.png'), fullPage: true });
  });

  it('links one email to two records with one attachment left out, and the CRM holds exactly that', async () => {
    const key = crm.users.get(DEMO_USER)!;
    const contact = (await wsQuery(crm.url, DEMO_USER, key, "SELECT firstname, lastname, email, account_id FROM Contacts WHERE email LIKE '%@%' LIMIT 0,50;")).find(
      (c) => c.account_id && c.account_id !== '',
    )!;
    expect(contact, 'a visible contact with an account').toBeDefined();
    const subject = `Ordine ${Date.now()}`;
    const eml = [
      `From: ${contact.firstname} ${contact.lastname} <${contact.email}>`,
      'To: giulia.rinaldi@aurora-industrie.example',
      `Subject: ${subject}`,
      'Date: Thu, 19 Nov 2026 09:00:00 +0100',
      `Message-ID: <${subject.replace(' ', '-')}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Ecco il nostro ordine.',
      '--b',
      'Content-Type: application/pdf; name="ordine-keep.pdf"',
      'Content-Disposition: attachment; filename="ordine-keep.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQKJcOkw7zDtsOfCg==',
      '--b',
      'Content-Type: text/plain; name="note-skip.txt"',
      'Content-Disposition: attachment; filename="note-skip.txt"',
      '',
      'not for the CRM',
      '--b--',
      '',
    ].join('\r\n');

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByTestId('dropzone').waitFor();
    await dropFile(page, 'ordine.eml', eml);
    const suggestions = page.getByTestId('suggestions');
    await expect.poll(() => suggestions.getByRole('checkbox').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    // The contact and its account: two targets.
    await suggestions.getByRole('checkbox').nth(0).check();
    await suggestions.getByRole('checkbox').nth(1).check();

    // First use: the privacy notice comes before any link.
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('checkbox', { name: /note-skip\.txt/ }).uncheck();
    await page.getByRole('button', { name: /Link to 2 record/ }).click();
    await expect.poll(() => page.getByTestId('toast').count(), { timeout: 10_000 }).toBe(1);

    await page.getByRole('button', { name: 'Outbox' }).click();
    const job = page.getByTestId('job').first();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await page.screenshot({ path: join(repoRoot, 'test-results', 'outbox-done.png'), fullPage: true });

    // The server, asked independently: one Messages record, the kept attachment, not the skipped one.
    const messages = await wsQuery(crm.url, DEMO_USER, key, `SELECT subject FROM Messages WHERE subject = '${subject}';`);
    expect(messages).toHaveLength(1);
    const kept = await wsQuery(crm.url, DEMO_USER, key, "SELECT notes_title FROM Documents WHERE notes_title = 'ordine-keep.pdf';");
    const skipped = await wsQuery(crm.url, DEMO_USER, key, "SELECT notes_title FROM Documents WHERE notes_title = 'note-skip.txt';");
    expect(kept).toHaveLength(1);
    expect(skipped).toHaveLength(0);

    await page.getByRole('button', { name: 'History' }).click();
    await expect.poll(() => page.getByTestId('history').textContent(), { timeout: 10_000 }).toContain(subject);
    await page.screenshot({ path: join(repoRoot, 'test-results', 'history.png'), fullPage: true });
  });

  it('Undo in the queued toast takes the link back: nothing reaches the CRM', async () => {
    const key = crm.users.get(DEMO_USER)!;
    const contact = (await wsQuery(crm.url, DEMO_USER, key, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%' LIMIT 0,1;"))[0]!;
    const subject = `Undo ${Date.now()}`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await dropFile(page, 'undo.eml', mailFrom(`${contact.firstname} ${contact.lastname} <${contact.email}>`, 'someone@example.net').replace('Subject: Richiesta di offerta', `Subject: ${subject}`).replace('<demo-journey-1@example.com>', `<${subject.replace(' ', '-')}@example.com>`));
    const suggestions = page.getByTestId('suggestions');
    await expect.poll(() => suggestions.getByRole('checkbox').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await suggestions.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: /Link to 1 record/ }).click();
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();

    await page.getByRole('button', { name: 'Outbox' }).click();
    const job = page.getByTestId('job').filter({ hasText: subject });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 10_000 }).toBe('cancelled');
    await page.waitForTimeout(12_000); // past the hold: a sender that ignored the undo would have sent it by now
    expect(await wsQuery(crm.url, DEMO_USER, key, `SELECT subject FROM Messages WHERE subject = '${subject}';`)).toHaveLength(0);
  });
});
