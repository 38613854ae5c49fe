import { connect, type TLSSocket } from 'node:tls';

/** SHA-256 of the DER certificate as Node prints it: upper-case hex pairs joined by ':'. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 64) throw new Error('a SHA-256 fingerprint has 64 hex digits');
  return hex.match(/../g)!.join(':');
}

export class PinMismatchError extends Error {
  readonly code = 'CERT_PIN_MISMATCH';
  constructor(readonly presented: string) {
    super('The server certificate does not match the pinned fingerprint');
    this.name = 'PinMismatchError';
  }
}

export interface PinnedConnectOptions {
  host: string;
  port: number;
  servername?: string;
  fingerprint256: string;
  signal: AbortSignal;
}

/**
 * Opens a TLS socket that is trusted only because its leaf certificate has the pinned
 * fingerprint, and hands it over only after the check: nothing (no credentials) is written
 * to a socket whose certificate has not been compared yet.
 */
export function connectPinned(opts: PinnedConnectOptions): Promise<TLSSocket> {
  const want = normalizeFingerprint(opts.fingerprint256);
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) {
      reject(opts.signal.reason);
      return;
    }
    const servername = opts.servername ?? (isIp(opts.host) ? undefined : opts.host);
    // The chain is not trusted by any CA; the pin below is the whole trust decision.
    const socket = connect({ host: opts.host, port: opts.port, rejectUnauthorized: false, ...(servername ? { servername } : {}) });
    const onAbort = () => {
      socket.destroy();
      reject(opts.signal.reason);
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      opts.signal.removeEventListener('abort', onAbort);
      const got = socket.getPeerCertificate().fingerprint256 ?? '';
      if (got.toUpperCase() !== want) {
        socket.destroy();
        reject(new PinMismatchError(got));
        return;
      }
      resolve(socket);
    });
    socket.once('error', (e) => {
      opts.signal.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}

/** What the user is shown before opting in to trust a self-signed server. */
export function fetchServerFingerprint(url: string, signal: AbortSignal): Promise<{ fingerprint256: string; subject: string; validTo: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 443), rejectUnauthorized: false, ...(isIp(u.hostname) ? {} : { servername: u.hostname }) });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve({ fingerprint256: cert.fingerprint256, subject: String(cert.subject?.CN ?? ''), validTo: cert.valid_to });
    });
    socket.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
