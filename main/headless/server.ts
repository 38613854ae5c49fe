import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireRequest, decodeWire, encodeWire, type WireMessage } from '../../app/contract/wire';
import type { Dispatch } from '../../app/api/dispatch';
import type { EventName, EventPayload } from '../../app/contract/api';
import type { Logger } from '../../app/log';
import { browserModeCsp, isAllowedHost, isAllowedOrigin, tokenMatches } from './guards';
import { resolveStatic } from './static-files';

export interface HeadlessOptions {
  dispatch: Dispatch;
  /** Directory of the built renderer (index.html + assets). */
  rendererDir: string;
  log: Logger;
  port?: number;
  /** Fixed for tests that need to know it; otherwise 32 random bytes per launch. */
  token?: string;
  /** Largest accepted WebSocket message: imports travel base64-encoded inside one. */
  maxMessageBytes?: number;
}

export interface HeadlessHost {
  /** The interface actually bound: always 127.0.0.1. */
  address: string;
  port: number;
  token: string;
  /** What the user opens: the token rides in the fragment, which browsers never send to servers or in Referer. */
  url: string;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

const API_PATH = '/api';

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

function refuseUpgrade(socket: Socket, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The same contract as the Electron shell, over a WebSocket bound to 127.0.0.1 only. It exists
 * for browser mode and for end-to-end tests on machines without the Electron runtime.
 */
export async function startHeadlessHost(opts: HeadlessOptions): Promise<HeadlessHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const clients = new Set<WebSocket>();
  let port = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const file = resolveStatic(opts.rendererDir, req.url ?? '/');
    if (!file) return refuse(res, 404, 'Not found');
    const headers: Record<string, string | number> = {
      'content-type': file.contentType,
      'content-length': file.size,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    };
    if (file.contentType.startsWith('text/html')) headers['content-security-policy'] = browserModeCsp(port);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    file.open().pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes ?? 400 * 1024 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isAllowedHost(req.headers.host, port)) return refuseUpgrade(socket, 421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => void onMessage(ws, data.toString(), isBinary));
    });
  });

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean) {
    let request: WireRequest;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      request = WireRequest.parse(decodeWire(text));
    } catch {
      ws.close(1008, 'malformed message');
      return;
    }
    const result = await opts.dispatch(request.name, request.input);
    send(ws, { kind: 'result', id: request.id, result });
  }

  function send(ws: WebSocket, message: WireMessage) {
    if (ws.readyState === ws.OPEN) ws.send(encodeWire(message));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  opts.log.info('headless host listening', { port });

  return {
    address: bound.address,
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    emit(name, payload) {
      for (const ws of clients) send(ws, { kind: 'event', name, payload });
    },
    async close() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
