import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from './support/chromium';
import { dropFile } from './support/drop';
import { startCountingServer } from './support/counting-server';
import { repoRoot, startBuiltHeadless, type RunningShell } from './support/headless';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function hostileMail(port: number): string {
  const u = (p: string) => `http://127.0.0.1:${port}/${p}`;
  const html = `<html><head>
<style>@import url(${u('import.css')}); body{background:url(${u('bg.png')})} @font-face{font-family:x;src:url(${u('font.woff')})} p{font-family:x}</style>
<link rel="stylesheet" href="${u('link.css')}"><meta http-equiv="refresh" content="0;url=${u('refresh')}">
</head><body style="background-image:url(${u('bodybg.png')})">
<p id="hello">Hello from the preview</p>
<img src="${u('pixel.gif')}" width="1" height="1">
<img srcset="${u('srcset.png')} 2x" src="${u('src.png')}">
<table background="${u('tablebg.png')}"><tr><td>cell</td></tr></table>
<video poster="${u('poster.png')}"><source src="${u('video.mp4')}"></video>
<audio src="${u('audio.mp3')}"></audio>
<form action="${u('form')}"><input name="a" value="b"><button id="submit">go</button></form>
<script>fetch('${u('script')}')</script>
<iframe src="${u('iframe')}"></iframe>
<object data="${u('object')}"></object>
<svg><image href="${u('svg.png')}"></image></svg>
<a id="link" href="${u('link')}">a link</a>
<img id="logo" src="cid:logo@example.it" alt="logo">
</body></html>`;
  return [
    'From: Tracker <news@example.com>',
    'To: anna.rossi@example.it',
    'Subject: Newsletter with every tracker',
    'Date: Wed, 18 Nov 2026 10:00:00 +0000',
    'Message-ID: <tracker-1@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    '--rel',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@example.it>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    PNG_1x1,
    '--rel--',
    '',
  ].join('\r\n');
}

describe.skipIf(!chromiumPath())('preview privacy: no request leaves a preview', () => {
  let shell: RunningShell;
  let browser: Browser;
  let tracker: Awaited<ReturnType<typeof startCountingServer>>;

  beforeAll(async () => {
    tracker = await startCountingServer();
    shell = await startBuiltHeadless();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await tracker?.close();
  });

  it('renders the HTML with its inline image and contacts no server', async () => {
    const page = await browser.newPage();
    await page.goto(shell.url);
    await dropFile(page, 'tracker.eml', hostileMail(tracker.port));

    const frame = page.frameLocator('[data-testid="preview-frame"]');
    await expect.poll(() => frame.locator('#hello').textContent(), { timeout: 20_000 }).toBe('Hello from the preview');
    // The cid: image came from the spool as a data: URL and actually decoded.
    await expect.poll(() => frame.locator('#logo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('remote-blocked').isVisible()).toBe(true);
    // Nothing that could submit or run survived.
    expect(await frame.locator('form, input, script, iframe, object, svg, video, audio, link, meta[http-equiv=refresh]').count()).toBe(0);

    // Clicking a link inside the preview navigates nowhere.
    await frame.locator('#link').click();
    await page.waitForTimeout(1500);
    expect(new URL(page.url()).origin).toBe(shell.origin);
    // …and the preview still shows the email, not a blocked page.
    expect(await frame.locator('#hello').textContent()).toBe('Hello from the preview');
    expect(tracker.hits).toEqual([]);

    const dir = join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'preview-privacy.png'), fullPage: true });
  });
});
