import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { selfSignedPair } from '../app/crm/test-support/self-signed';
import { chromiumPath, launchChromium } from './support/chromium';
import { startDemoCrm, type DemoCrm } from './support/demo-crm';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';
import { startTlsProxy } from './support/tls-proxy';

const USER = 'giulia.rinaldi';
const pair = selfSignedPair();

async function signIn(page: Page, url: string, key: string) {
  await page.getByLabel('CRM address').fill(url);
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Access key', { exact: true }).fill(key);
  const remember = page.getByLabel('Remember in the system keychain');
  if (await remember.isChecked()) await remember.uncheck(); // no keyring in the e2e run: session only
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!chromiumPath() || !pair)('first-run errors: unreachable server, self-signed certificate', () => {
  let crm: DemoCrm;
  let shell: RunningShell;
  let browser: Browser;
  let tls: Awaited<ReturnType<typeof startTlsProxy>>;

  beforeAll(async () => {
    crm = await startDemoCrm();
    tls = await startTlsProxy(pair!, crm.port);
    shell = await startBuiltHeadless();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await tls?.close();
    await crm?.stop();
  });

  it('says so when the CRM cannot be reached', async () => {
    const page = await browser.newPage();
    await page.goto(shell.url);
    await signIn(page, 'http://127.0.0.1:9/', crm.users.get(USER)!);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('cannot be reached');
  });

  it('shows a self-signed certificate’s fingerprint, trusts it only when asked, then works', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await signIn(page, tls.url, crm.users.get(USER)!);
    const trust = page.getByRole('button', { name: /Trust this certificate/ });
    await trust.waitFor({ timeout: 20_000 });
    expect(await trust.textContent()).toContain(pair!.fingerprint256);
    await page.screenshot({ path: join(repoRoot, 'test-results', 'self-signed.png'), fullPage: true });
    await trust.click();
    await page.getByTestId('sync-status').filter({ hasText: 'records' }).waitFor({ timeout: 60_000 });
  });
});
