import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { startDemoCrm, wsQuery, type DemoCrm } from './support/demo-crm';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const scenario = resolve(repoRoot, '../shared/crm-transcripts/acme/scenario.json');
const USER = 'acme.sam'; // support agent: no Leads, no Potentials, private peers


describe.skipIf(!chromiumPath() || !existsSync(scenario))('a restricted acme user never sees a forbidden module or record', () => {
  let crm: DemoCrm;
  let shell: RunningShell;
  let browser: Browser;

  beforeAll(async () => {
    crm = await startDemoCrm({ scenario });
    shell = await startBuiltHeadless();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await crm?.stop();
  });

  it('signs in through the setup form, and search, module filter and suggestions stay within the permissions', async () => {
    const samKey = crm.users.get(USER)!;
    const adminKey = crm.users.get('admin')!;
    const adminContacts = await wsQuery(crm.url, 'admin', adminKey, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%';");
    const samContacts = await wsQuery(crm.url, USER, samKey, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%';");
    const samIds = new Set(samContacts.map((c) => c.id));
    const hiddenContact = adminContacts.find((c) => !samIds.has(c.id) && !samContacts.some((v) => v.lastname === c.lastname));
    const lead = (await wsQuery(crm.url, 'admin', adminKey, "SELECT firstname, lastname, email FROM Leads WHERE email LIKE '%@%' LIMIT 0,1;"))[0];
    expect(hiddenContact, 'acme has a contact sam may not see').toBeDefined();
    expect(lead, 'acme has a lead').toBeDefined();

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByLabel('CRM address').fill(crm.url);
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Access key', { exact: true }).fill(samKey);
    await page.getByLabel('Remember in the system keychain').uncheck(); // no keyring in this test: session only
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sync-status').filter({ hasText: 'records' }).waitFor({ timeout: 60_000 });

    const modules = await page.getByRole('combobox', { name: 'Module' }).locator('option').allTextContents();
    expect(modules.join('|')).not.toMatch(/Leads|Potentials|Opportunit/);

    const search = page.getByRole('searchbox', { name: 'Search records' });
    // Search works for what sam may see…
    await search.fill(samContacts[0]!.lastname!);
    await expect.poll(() => page.getByTestId('search-results').textContent(), { timeout: 10_000 }).toContain(samContacts[0]!.lastname);
    // …and finds nothing of what sam may not.
    for (const name of [hiddenContact!.lastname!, lead!.lastname!]) {
      await search.fill(name);
      await page.waitForTimeout(400);
      expect(await page.getByTestId('search-results').count() === 0 || !(await page.getByTestId('search-results').textContent())?.includes(name)).toBe(true);
    }

    await dropFile(page, 'acme.eml', [`From: ${lead!.firstname} ${lead!.lastname} <${lead!.email}>`, `Cc: ${hiddenContact!.email}`, 'To: acme.sam@acme.example', 'Subject: Chi sono?', 'Date: Mon, 23 Nov 2026 10:00:00 +0100', '', 'Ciao', ''].join('\r\n'));
    await page.getByTestId('mail-subject').filter({ hasText: 'Chi sono?' }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    const panel = (await page.getByRole('complementary', { name: 'Link to CRM records' }).textContent()) ?? '';
    expect(panel).not.toContain(lead!.lastname);
    expect(panel).not.toContain(hiddenContact!.lastname);
    await page.screenshot({ path: join(repoRoot, 'test-results', 'acme-restricted.png'), fullPage: true });
  });
});
