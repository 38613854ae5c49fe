import type { Page } from 'playwright-core';

/**
 * Drops one file on the app's drop zone the way a desktop drag does: a DataTransfer built in
 * the page, then dragenter, dragover and drop on the zone.
 */
export async function dropFile(page: Page, name: string, content: string | Uint8Array, type = 'message/rfc822'): Promise<void> {
  const zone = page.getByTestId('dropzone');
  await zone.waitFor();
  const payload = typeof content === 'string' ? content : Array.from(content);
  const dt = await page.evaluateHandle(
    ([n, c, ty]) => {
      const d = new DataTransfer();
      d.items.add(new File([typeof c === 'string' ? c : new Uint8Array(c)], n, { type: ty }));
      return d;
    },
    [name, payload, type] as const,
  );
  for (const ev of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(ev, { dataTransfer: dt });
}
