import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchFolder, type WatchFolder } from './watch-folder';

/** Real files in a real temp folder, watched with the real fs.watch. */
describe('watchFolder', () => {
  let dir: string;
  let watcher: WatchFolder | undefined;
  const start = (extra: { initialScan?: boolean; maxLooks?: number } = {}) => {
    const files: string[] = [];
    const errors: string[] = [];
    watcher = watchFolder({ dir, debounceMs: 60, ...extra, onFile: (p) => files.push(p), onError: (e) => errors.push(e.message) });
    return { files, errors };
  };
  const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

  afterEach(() => {
    watcher?.close();
    watcher = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands over a new mail file once, after it stopped changing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const { files } = start();
    const path = join(dir, 'Offer.eml');
    writeFileSync(path, 'From: a@example.com\r\n');
    await settle(30);
    appendFileSync(path, 'Subject: written in two steps\r\n\r\nbody\r\n');
    await vi.waitFor(() => expect(files).toEqual([path]), { timeout: 5000, interval: 50 });
    await settle();
    expect(files).toEqual([path]);
  });

  it('ignores other files and Office lock files; a temp file renamed to .msg counts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const { files } = start();
    writeFileSync(join(dir, 'report.pdf'), 'pdf');
    writeFileSync(join(dir, '~$Offer.msg'), 'lock');
    writeFileSync(join(dir, 'download.tmp'), 'From: a@example.com\r\n\r\nx');
    renameSync(join(dir, 'download.tmp'), join(dir, 'Saved.msg'));
    await vi.waitFor(() => expect(files).toEqual([join(dir, 'Saved.msg')]), { timeout: 5000, interval: 50 });
    await settle();
    expect(files).toEqual([join(dir, 'Saved.msg')]);
  });

  it('a file deleted before it settled is forgotten; an empty file waits for content', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const { files } = start();
    writeFileSync(join(dir, 'gone.eml'), 'x');
    rmSync(join(dir, 'gone.eml'));
    writeFileSync(join(dir, 'empty.eml'), '');
    await settle();
    expect(files).toEqual([]);
    writeFileSync(join(dir, 'empty.eml'), 'From: a@example.com\r\n\r\nnow');
    await vi.waitFor(() => expect(files).toEqual([join(dir, 'empty.eml')]), { timeout: 5000, interval: 50 });
  });

  it('a file rewritten with new content later is handed over again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const { files } = start();
    const path = join(dir, 'a.eml');
    writeFileSync(path, 'one');
    await vi.waitFor(() => expect(files).toHaveLength(1), { timeout: 5000, interval: 50 });
    writeFileSync(path, 'two, longer');
    await vi.waitFor(() => expect(files).toHaveLength(2), { timeout: 5000, interval: 50 });
  });

  it('initial scan hands over mail files already there', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    writeFileSync(join(dir, 'old.eml'), 'From: a@example.com\r\n\r\nold');
    writeFileSync(join(dir, 'old.txt'), 'no');
    const { files } = start({ initialScan: true });
    await watcher!.ready;
    await vi.waitFor(() => expect(files).toEqual([join(dir, 'old.eml')]), { timeout: 5000, interval: 50 });
  });

  it('reports a missing folder instead of throwing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    rmSync(dir, { recursive: true });
    const { errors } = start({ initialScan: true });
    await watcher!.ready;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/ENOENT/);
  });

  it('closing stops pending hand-overs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-'));
    const { files } = start();
    writeFileSync(join(dir, 'late.eml'), 'x');
    await settle(20);
    watcher!.close();
    await settle();
    expect(files).toEqual([]);
  });
});
