import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronRuntime, launchApp, suiteTitle, type LaunchedApp } from './runtime';

/**
 * Tray-less journeys of the main window in the real Electron app (Playwright `_electron`).
 * Runs where an Electron runtime is installed; skipped with the reason in its title elsewhere.
 */

const eml = (subject: string, id: string) =>
  ['From: Ada Lovelace <ada@example.com>', 'To: b@example.com', `Subject: ${subject}`, `Message-ID: <${id}@example.com>`, 'Date: Tue, 17 Nov 2026 09:30:00 +0100', '', 'body', ''].join('\r\n');

/** Browser globals the page-side callbacks touch (this file compiles with Node + DOM libs). */
interface PageWindow {
  connectorFiles?: { pathForFile(file: unknown): string };
}

const runtime = findElectronRuntime();

describe.skipIf(!('binary' in runtime))(suiteTitle('Electron e2e: main window journeys'), () => {
  const files = mkdtempSync(join(tmpdir(), 'connector-e2e-files-'));
  let launched: LaunchedApp;

  beforeAll(async () => {
    if (!('binary' in runtime)) return;
    const opened = join(files, 'Opened with.eml');
    writeFileSync(opened, eml('Opened from the file manager', 'open1'));
    // As "Open with" / a double-click on an associated file does: the path is on the command line.
    launched = await launchApp(runtime.binary, [opened]);
  }, 120_000);

  afterAll(async () => {
    await launched?.app.close();
    if (launched) rmSync(launched.home, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('a file named on the command line is in the inbox at start', async () => {
    const { page } = launched;
    await page.getByTestId('inbox').getByText('Opened from the file manager').waitFor({ timeout: 30_000 });
  });

  it('a file chosen with the picker is parsed and shown', async () => {
    const { page } = launched;
    const path = join(files, 'Picked.eml');
    writeFileSync(path, eml('Picked with the file dialog', 'pick1'));
    await page.locator('[data-testid="dropzone"] input[type="file"]').setInputFiles(path);
    await page.getByTestId('inbox').getByText('Picked with the file dialog').click({ timeout: 30_000 });
    await expect(page.getByTestId('mail-subject').textContent()).resolves.toContain('Picked with the file dialog');
  });

  it('a drop is accepted as a copy (never a move: Outlook would delete the mail) and imported', async () => {
    const { page } = launched;
    const effect = await page.evaluate((text) => {
      const zone = document.querySelector('[data-testid="dropzone"]');
      if (!zone) throw new Error('no drop zone');
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'Dropped.eml', { type: 'message/rfc822' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      const seen = dt.dropEffect;
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      return seen;
    }, eml('Dropped on the window', 'drop1'));
    expect(effect).toBe('copy');
    await page.getByTestId('inbox').getByText('Dropped on the window').waitFor({ timeout: 30_000 });
  });

  it('the preload offers pathForFile, which answers "" for a File with no disk path and for non-Files', async () => {
    const { page } = launched;
    const answers = await page.evaluate(() => {
      const files = (window as unknown as PageWindow).connectorFiles;
      if (!files) return null;
      return [files.pathForFile(new File(['x'], 'memory.eml')), files.pathForFile('/etc/passwd'), Object.isFrozen(files)];
    });
    expect(answers).toEqual(['', '', true]);
  });
});
