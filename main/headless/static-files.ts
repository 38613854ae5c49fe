import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
  open(): NodeJS.ReadableStream;
}

/**
 * Resolves a URL path inside the built renderer, refusing anything that would leave it
 * (`..`, encoded dots, absolute paths, symlinks pointing out). Unknown paths fall back to
 * index.html so client-side routes survive a reload.
 */
export function resolveStatic(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const base = realpathSync(resolve(root));
  const candidate = segments.length === 0 ? join(base, 'index.html') : join(base, ...segments);
  const file = existingFile(candidate) ?? (extname(candidate) === '' ? existingFile(join(base, 'index.html')) : null);
  if (!file) return null;
  const real = realpathSync(file);
  if (real !== base && !real.startsWith(base + sep)) return null;
  const size = statSync(real).size;
  return {
    path: real,
    size,
    contentType: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    open: () => createReadStream(real),
  };
}

function existingFile(p: string): string | null {
  try {
    return statSync(p).isFile() ? p : null;
  } catch {
    return null;
  }
}
