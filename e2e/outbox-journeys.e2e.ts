import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { control, startDemoCrm, wsQuery, type DemoCrm } from './support/demo-crm';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const DEMO_USER = 'giulia.rinaldi';

function eml(subject: string, from: string): string {
  return [
    `From: ${from}`,
    'To: giulia.rinaldi@aurora-industrie.example',
    `Subject: ${subject}`,
    'Date: Mon, 23 Nov 2026 09:30:00 +0100',
    `Message-ID: <${subject.replace(/\W+/g, '-')}@example.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Testo del messaggio.',
    '',
  ].join('\r\n');
}


describe.skipIf(!chromiumPath())('outbox journeys: CRM offline and back, a target taken away', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-outbox-'));
  const db = join(dir, 'crm.sqlite');
  let crm: DemoCrm;
  let shell: RunningShell;
  let browser: Browser;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    crm = await startDemoCrm({ db, control: true });
    key = crm.users.get(DEMO_USER)!;
    shell = await startBuiltHeadless([], { CONNECTOR_DEMO_URL: crm.url, CONNECTOR_DEMO_USER: DEMO_USER, CONNECTOR_DEMO_ACCESS_KEY: key });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByRole('button', { name: 'Try the built-in demo CRM' }).click();
    await page.getByTestId('sync-status').filter({ hasText: 'records' }).waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await crm?.stop();
  });

  it('queues while the CRM is down and delivers once it is back, exactly once', async () => {
    const contact = (await wsQuery(crm.url, DEMO_USER, key, "SELECT firstname, lastname, email FROM Contacts WHERE email LIKE '%@%' LIMIT 0,1;"))[0]!;
    const subject = `Offline ${Date.now()}`;
    await dropFile(page, 'offline.eml', eml(subject, `${contact.firstname} ${contact.lastname} <${contact.email}>`));
    const suggestions = page.getByTestId('suggestions');
    await expect.poll(() => suggestions.getByRole('checkbox').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await suggestions.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'I understand' }).click();

    const port = crm.port;
    await crm.stop(); // the CRM goes away
    await page.getByRole('button', { name: /Link to 1 record/ }).click();
    await page.getByRole('button', { name: 'Outbox' }).click();
    const job = page.getByTestId('job').filter({ hasText: subject });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('waiting');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'cannot be reached' }).count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(repoRoot, 'test-results', 'outbox-offline.png'), fullPage: true });

    crm = await startDemoCrm({ port, db, control: true }); // back, same data, sessions gone
    await job.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await wsQuery(crm.url, DEMO_USER, key, `SELECT subject FROM Messages WHERE subject = '${subject}';`)).toHaveLength(1);
  });

  it('a target whose permission is revoked after sync needs attention; re-targeting delivers it', async () => {
    const state = (await control(crm, 'state')) as { ids: Record<string, string> };
    const me = state.ids['user:giulia'];
    expect(me, 'giulia has a ws id').toBeDefined();
    const mine = await wsQuery(crm.url, DEMO_USER, key, `SELECT firstname, lastname, email FROM Contacts WHERE assigned_user_id = '${me}' LIMIT 0,5;`);
    expect(mine.length, 'giulia owns some contacts').toBeGreaterThan(1);
    const [gone, other] = [mine[0]!, mine[1]!];

    // After the cache last saw it, the record is given to a peer: under Private sharing giulia
    // may no longer see it (the CRM's permission engine confirms).
    await control(crm, 'reassign', { record: gone.id, owner: 'luca' });
    expect(await control(crm, 'permitted', { user: 'giulia', record: gone.id, action: 'DetailView' })).toMatchObject({ permitted: false });

    const subject = `Retarget ${Date.now()}`;
    await page.getByRole('button', { name: 'Inbox' }).click();
    await dropFile(page, 'retarget.eml', eml(subject, `${gone.firstname} ${gone.lastname} <${gone.email}>`));
    const suggestions = page.getByTestId('suggestions');
    await expect.poll(() => suggestions.textContent(), { timeout: 20_000 }).toContain(gone.lastname);
    await suggestions.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: /Link to 1 record/ }).click();

    await page.getByRole('button', { name: 'Outbox' }).click();
    const job = page.getByTestId('job').filter({ hasText: subject });
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('needs_attention');
    expect(await job.textContent()).toContain('choose another one');
    await page.screenshot({ path: join(repoRoot, 'test-results', 'outbox-needs-attention.png'), fullPage: true });

    const search = page.getByRole('searchbox', { name: 'Search records' });
    await search.fill(other.lastname!);
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.textContent(), { timeout: 10_000 }).toContain(other.lastname);
    await results.getByRole('checkbox').first().check();
    await job.getByRole('button', { name: /Re-target/ }).click();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await wsQuery(crm.url, DEMO_USER, key, `SELECT subject FROM Messages WHERE subject = '${subject}';`)).toHaveLength(1);
  });
});
