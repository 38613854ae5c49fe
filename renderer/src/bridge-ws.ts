import { decodeWire, encodeWire } from '../../app/contract/wire';
import type { ConnectorBridge } from '../../app/contract/bridge';
import type { CallName, EventName } from '../../app/contract/api';
import type { Result } from '../../app/contract/result';

const TOKEN_KEY = 'connector.token';

/**
 * Browser mode: the headless shell put the per-launch token in the URL fragment. Keep it for
 * this tab only (reloads), and take it out of the address bar so it is not shared by accident.
 */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve(r: Result<unknown>): void;
}

export function createWebSocketBridge(token: string): ConnectorBridge {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  // Same host and port that served this page; ws: because the loopback host serves plain HTTP.
  const endpoint = new URL('/api', window.location.href);
  endpoint.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  endpoint.searchParams.set('token', token);
  const url = endpoint.href;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  function failAll(message: string) {
    for (const p of pending.values()) p.resolve({ ok: false, error: { code: 'INTERNAL', message } });
    pending.clear();
  }

  function connect(): Promise<WebSocket> {
    if (opened && socket && socket.readyState <= WebSocket.OPEN) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('cannot reach the connector host'));
      ws.onclose = () => {
        failAll('The connection to the app was lost. Reload the page to reconnect.');
        opened = null;
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        const msg = decodeWire(ev.data) as { kind: string; id?: number; result?: Result<unknown>; name?: string; payload?: unknown };
        if (msg.kind === 'result' && typeof msg.id === 'number' && msg.result) {
          pending.get(msg.id)?.resolve(msg.result);
          pending.delete(msg.id);
        } else if (msg.kind === 'event' && typeof msg.name === 'string') {
          for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
        }
      };
    });
    return opened;
  }

  return {
    async call(name: CallName, input: unknown): Promise<Result<unknown>> {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'The app refused this page. Open the link the connector printed.' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        ws.send(encodeWire({ kind: 'call', id, name, input }));
      });
    },
    on(event: EventName, listener: (payload: unknown) => void) {
      void connect().catch(() => undefined);
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
