/**
 * The one seam between the vtenext client and the network. The core gets a Node implementation
 * (node-transport.ts, with certificate pinning); a shell may pass any `fetch` instead (Electron's
 * net.fetch uses the OS certificate store).
 */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** In parts for an upload: the files go out as they are, never joined into one copy. */
  body?: Uint8Array | readonly Uint8Array[];
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export function fetchTransport(fetchFn: FetchLike): Transport {
  return async (req) => {
    const res = await fetchFn(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: joined(req.body) }),
      signal: req.signal,
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  };
}

/** fetch takes one body; a body in parts is joined here (the Node transport writes them as they are). */
export function joined(body: Uint8Array | readonly Uint8Array[]): Uint8Array {
  return body instanceof Uint8Array ? body : Buffer.concat(body);
}
