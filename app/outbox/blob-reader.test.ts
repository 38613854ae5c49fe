import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobPrefetch, readVerifiedBlob, readVerifiedBlobOffThread } from './blob-reader';
import { tmpHome } from './test-support/harness';

const dir = tmpHome('blob-reader-');
mkdirSync(dir, { recursive: true });
const spool = { pathOf: (sha: string) => join(dir, sha) };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(bytes: Uint8Array, name?: string): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(dir, name ?? sha), bytes);
  return sha;
}

const readers = { 'in this thread': readVerifiedBlob, 'on the blob thread': readVerifiedBlobOffThread };

describe.each(Object.entries(readers))('reading a spooled attachment %s', (_how, read) => {
  it('returns the very bytes whose SHA-256 names the file', async () => {
    for (const size of [0, 1, 4095, 4096, 1_000_003]) {
      const data = randomBytes(size);
      expect(Buffer.from(await read(spool, put(data))).equals(data)).toBe(true);
    }
  });

  it('refuses a damaged file and a missing one (nothing wrong is ever uploaded)', async () => {
    const good = randomBytes(50_000);
    const sha = createHash('sha256').update(good).digest('hex');
    const bad = Buffer.from(good);
    bad[1234] = bad[1234]! ^ 1;
    put(bad, sha);
    await expect(read(spool, sha)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('damaged') as unknown });
    await expect(read(spool, 'f'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('missing') as unknown });
  });
});

describe('BlobPrefetch', () => {
  it('hands out what it read ahead once, then reads again; a failed read surfaces only when asked for', async () => {
    const a = randomBytes(200_000);
    const shaA = put(a);
    const p = new BlobPrefetch(spool, 1_000_000);
    p.want([
      { sha256: shaA, size: a.length },
      { sha256: 'e'.repeat(64), size: 10 },
    ]);
    expect(Buffer.from(await p.read(shaA)).equals(a)).toBe(true);
    expect(Buffer.from(await p.read(shaA)).equals(a)).toBe(true);
    await expect(p.read('e'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refills the buffer of a finished upload, once, and only a buffer it filled itself', async () => {
    const [a, b, c] = [randomBytes(200_000), randomBytes(150_000), randomBytes(120_000)];
    const [shaA, shaB, shaC] = [put(a), put(b), put(c)];
    const p = new BlobPrefetch(spool, 1_000_000);
    p.want([{ sha256: shaA, size: a.length }]);
    const got = await p.read(shaA);
    expect(Buffer.from(got).equals(a)).toBe(true);
    const foreign = Buffer.from('not the thread’s');
    p.release(foreign);
    p.release(got);
    p.release(got);
    p.want([
      { sha256: shaB, size: b.length },
      { sha256: shaC, size: c.length },
    ]);
    const [gotB, gotC] = [await p.read(shaB), await p.read(shaC)];
    expect([Buffer.from(gotB).equals(b), Buffer.from(gotC).equals(c)]).toEqual([true, true]);
    // B went into A's buffer; given back twice, it was still lent once: C has a buffer of its own.
    expect(gotB.buffer).toBe(got.buffer);
    expect(gotC.buffer).not.toBe(got.buffer);
    expect(foreign.toString()).toBe('not the thread’s');
  });

  it('never refills a buffer whose upload has not been given back, nor one from before clear()', async () => {
    const blobs = [randomBytes(100_000), randomBytes(100_000), randomBytes(100_000)];
    const shas = blobs.map((x) => put(x));
    const p = new BlobPrefetch(spool, 1_000_000);
    p.want([{ sha256: shas[0]!, size: 100_000 }]);
    const first = await p.read(shas[0]!);
    p.want([{ sha256: shas[1]!, size: 100_000 }]);
    const second = await p.read(shas[1]!);
    expect(second.buffer).not.toBe(first.buffer);
    p.clear();
    p.release(first);
    p.want([{ sha256: shas[2]!, size: 100_000 }]);
    const third = await p.read(shas[2]!);
    expect([third.buffer === first.buffer, third.buffer === second.buffer]).toEqual([false, false]);
    expect([Buffer.from(first).equals(blobs[0]!), Buffer.from(second).equals(blobs[1]!), Buffer.from(third).equals(blobs[2]!)]).toEqual([true, true, true]);
  });

  it('reads nothing ahead beyond its byte budget', async () => {
    const big = randomBytes(300_000);
    const sha = put(big);
    const p = new BlobPrefetch(spool, 100_000);
    p.want([{ sha256: sha, size: big.length }]);
    // Not held, so damaging the file now is seen by the read that follows.
    writeFileSync(join(dir, sha), randomBytes(300_000));
    await expect(p.read(sha)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
