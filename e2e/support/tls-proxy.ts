import { request } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * HTTPS in front of the (plain-HTTP) demo CRM with a self-signed certificate: what a company's
 * own vtenext with an in-house certificate looks like to the app.
 */
export async function startTlsProxy(pair: { key: string; cert: string }, upstreamPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    const up = request({ host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${upstreamPort}` } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
