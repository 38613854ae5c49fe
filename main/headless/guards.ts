import { timingSafeEqual } from 'node:crypto';

/**
 * Request checks for the loopback host. A page on any website can make the browser talk to
 * 127.0.0.1, and DNS rebinding can even make it look same-origin; so every request must name
 * our exact host, every WebSocket must come from our exact origin, and calls need the
 * per-launch token that only the page we served (or the user's terminal) knows.
 */

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).has(hostHeader.toLowerCase());
}

export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  return originHeader !== undefined && allowedOrigins(port).has(originHeader.toLowerCase());
}

export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The CSP for browser mode. Same as the Electron window's except that the renderer must reach
 * the loopback WebSocket, and only that.
 */
export function browserModeCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // 'unsafe-inline' for styles only: the email preview is a srcdoc frame, which inherits this
    // policy, and mail layout lives in <style> blocks and style attributes. Scripts stay 'self'.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
