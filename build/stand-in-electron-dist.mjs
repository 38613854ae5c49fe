// A STAND-IN Electron distribution directory for electron-builder's `electronDist` option: the
// runtime cannot be downloaded here (toolchain.md §6). Not a runnable app. The `electron` file
// is a shell script that carries a fuse wire behind Electron's fuse sentinel, so the real
// @electron/fuses (and build/fuses.cjs) can flip and read it exactly as in a real binary.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's shipped states (0/1 per fuse) for the 9-fuse wire of current releases. */
export const SHIPPED_WIRE = '101100011';

/** Bytes of a stand-in executable holding a V1 fuse wire such as '101100011'. */
export function standInExecutable(wire = SHIPPED_WIRE) {
  const head = Buffer.from('#!/bin/sh\necho "stand-in Electron: not a runnable app" >&2\nexit 1\n# ');
  return Buffer.concat([head, Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire, 'ascii'), Buffer.from('\n')]);
}

export function writeStandInElectronDist(dir, { version = '39.8.10', wire = SHIPPED_WIRE } = {}) {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(exe, standInExecutable(wire));
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  return exe;
}
