import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * Serves the built renderer (dist/renderer) under app://bundle/. Everything not provably a
 * regular file inside the bundle directory is refused: the renderer is the only page this app
 * shows, so a traversal here would hand untrusted markup a path to local files.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export type BundleLookup =
  | { kind: 'file'; relativePath: string }
  | { kind: 'refused'; reason: string };

/** Encoded forms of '.', '/', '\' and NUL: legitimate bundle paths never contain them. */
const SUSPICIOUS_ENCODING = /%(2e|2f|5c|00)/i;

/**
 * Pure half of the handler: which bundle-relative path does this URL name? Checked on the raw
 * string as well as on the parsed URL, because URL parsing already folds `..` and `%2e%2e`
 * away and would hide the attempt rather than refuse it.
 */
export function lookupBundlePath(rawUrl: string): BundleLookup {
  if (rawUrl.includes('..') || rawUrl.includes('\\') || SUSPICIOUS_ENCODING.test(rawUrl)) {
    return { kind: 'refused', reason: 'dot segment, backslash or encoded separator' };
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'refused', reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return { kind: 'refused', reason: 'not the app origin' };
  }
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment) || segment.startsWith('~')) {
      return { kind: 'refused', reason: 'unsafe path segment' };
    }
  }
  if (url.pathname.startsWith('//')) return { kind: 'refused', reason: 'absolute path' };
  const relativePath = segments.length === 0 ? 'index.html' : segments.join('/');
  return { kind: 'file', relativePath };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export interface AppProtocolLog {
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** The `protocol.handle('app', …)` handler for a renderer bundle directory. */
export function createAppProtocolHandler(bundleDir: string, log: AppProtocolLog): (request: Request) => Promise<Response> {
  const bundleRoot = realpath(resolve(bundleDir));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const found = lookupBundlePath(request.url);
    if (found.kind === 'refused') {
      log.warn('app:// request refused', { url: request.url.slice(0, 200), reason: found.reason });
      return refuse(403, 'forbidden');
    }
    let root: string;
    try {
      root = await bundleRoot;
    } catch {
      return refuse(404, 'renderer bundle missing; run the build');
    }
    const lexical = resolve(root, found.relativePath);
    if (!isInside(root, lexical)) return refuse(403, 'forbidden');
    let real: string;
    try {
      // Resolving symlinks last: a link inside the bundle that points outside it is refused.
      real = await realpath(lexical);
      if (!isInside(root, real) || !(await stat(real)).isFile()) return refuse(404, 'not found');
    } catch {
      return refuse(404, 'not found');
    }
    const body = request.method === 'HEAD' ? null : await readFile(real);
    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
  };
}
