import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import { AppError } from '../errors';
import { processTrustStore } from './system-ca';
import { connectPinned } from './tls-pin';
import type { HttpRequest, HttpResponse, Transport } from './transport';

export interface NodeTransportOptions {
  /**
   * Opt-in per account for a self-signed server: trust exactly this leaf certificate
   * (SHA-256 fingerprint) instead of the CA store. Never set implicitly.
   */
  pinnedFingerprint256?: string;
  /** Guard against a hostile or broken server streaming forever. */
  maxResponseBytes?: number;
  /** The CAs to verify against; by default Node's roots plus the OS store (see system-ca.ts). */
  ca?: string[];
}

export function nodeTransport(opts: NodeTransportOptions = {}): Transport {
  const maxBytes = opts.maxResponseBytes ?? 256 * 1024 * 1024;
  let agent: HttpsAgent | undefined;
  // One context and one keep-alive pool per transport: parsing a few hundred CA certificates per
  // connection is measurable, and a pool shared with other trust settings could reuse a socket
  // that was verified against a different store.
  const verifiedAgent = (): HttpsAgent =>
    (agent ??= new HttpsAgent({ keepAlive: true, secureContext: createSecureContext({ ca: opts.ca ?? processTrustStore().certificates }) }));
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const u = new URL(req.url);
    const secure = u.protocol === 'https:';
    const headers: Record<string, string | number> = { ...req.headers };
    const parts = req.body === undefined ? [] : req.body instanceof Uint8Array ? [req.body] : req.body;
    if (req.body !== undefined) headers['content-length'] = parts.reduce((n, b) => n + b.byteLength, 0);
    const base = {
      method: req.method,
      hostname: u.hostname,
      port: u.port === '' ? (secure ? 443 : 80) : Number(u.port),
      path: `${u.pathname}${u.search}`,
      headers,
      signal: req.signal,
    };
    let doRequest: (cb: (res: IncomingMessage) => void) => ReturnType<typeof httpRequest>;
    if (!secure) {
      doRequest = (cb) => httpRequest(base, cb);
    } else if (opts.pinnedFingerprint256 !== undefined) {
      const socket = await connectPinned({ host: u.hostname, port: base.port, fingerprint256: opts.pinnedFingerprint256, signal: req.signal });
      doRequest = (cb) => httpsRequest({ ...base, createConnection: () => socket }, cb);
    } else {
      doRequest = (cb) => httpsRequest({ ...base, rejectUnauthorized: true, agent: verifiedAgent() }, cb);
    }
    const once = () => new Promise<HttpResponse>((resolve, reject) => {
      const r = doRequest((res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.byteLength;
          if (size > maxBytes) {
            res.destroy();
            reject(new AppError('CRM_BAD_RESPONSE', 'The CRM answer is larger than this app accepts.', { limitBytes: maxBytes }));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const done = () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') });
          // A server may answer before it has read the whole body; the body's parts are the
          // caller's buffers (which it may reuse once this settles), so wait until the socket has
          // taken all of them, or is gone.
          if (r.writableFinished) done();
          else {
            r.once('finish', done);
            r.once('close', done);
          }
        });
        res.on('error', reject);
      });
      r.on('error', (e) => reject(Object.assign(e, { reusedSocket: r.reusedSocket })));
      for (const b of parts) r.write(b);
      r.end();
    });
    try {
      return await once();
    } catch (e) {
      // A kept-alive socket the server closed while this process was busy (a long cache write)
      // fails on first use. Node's advice: retry once — only for GET, which vtenext treats as a read.
      const err = e as { reusedSocket?: boolean; code?: string };
      if (req.method === 'GET' && err.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !req.signal.aborted) return once();
      throw e;
    }
  };
}
