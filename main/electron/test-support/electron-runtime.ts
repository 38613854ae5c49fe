import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the Electron binary is, or why there is none. npm's electron package ships no binary and
 * the download is blocked on the development machines (toolchain.md §6); ELECTRON_EXECUTABLE
 * points the Electron e2e suites at an installed one.
 */
export function findElectronRuntime(): { binary: string } | { missing: string } {
  const override = process.env.ELECTRON_EXECUTABLE;
  if (override) return existsSync(override) ? { binary: override } : { missing: `ELECTRON_EXECUTABLE=${override} does not exist` };
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  // Read what electron/index.js would read, without requiring it (it throws when the binary is absent).
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { missing: 'node_modules/electron holds types only (no path.txt; the binary download is blocked here, toolchain.md §6)' };
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { missing: `${binary} is missing` };
}
