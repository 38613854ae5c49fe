/** A minimal independent webservice client for the sandbox's own tests (shares nothing with app/). */
import { createHash } from 'node:crypto';

export interface Envelope { success: boolean; result?: unknown; error?: { message: string; code: string } }

export class WsClient {
  session = '';
  userId = '';
  constructor(readonly url: string) {}

  async get(params: Record<string, string>): Promise<Envelope> {
    const res = await fetch(`${this.url}?${new URLSearchParams(params).toString()}`);
    return (await res.json()) as Envelope;
  }

  async post(params: Record<string, string>): Promise<Envelope> {
    const res = await fetch(this.url, { method: 'POST', body: new URLSearchParams(params) });
    return (await res.json()) as Envelope;
  }

  async login(userName: string, accessKey: string): Promise<this> {
    const ch = await this.get({ operation: 'getchallenge', username: userName });
    const token = (ch.result as { token: string }).token;
    const r = await this.post({ operation: 'login', username: userName, accessKey: createHash('md5').update(token + accessKey).digest('hex') });
    if (!r.success) throw new Error(`login ${userName}: ${JSON.stringify(r.error)}`);
    const res = r.result as { sessionName: string; userId: string };
    this.session = res.sessionName;
    this.userId = res.userId;
    return this;
  }

  query(q: string): Promise<Envelope> {
    return this.get({ operation: 'query', sessionName: this.session, query: q });
  }

  async ids(q: string): Promise<string[]> {
    const r = await this.query(q);
    if (!r.success) throw new Error(`${q}: ${JSON.stringify(r.error)}`);
    return (r.result as Array<{ id: string }>).map((x) => x.id).sort();
  }

  retrieve(id: string): Promise<Envelope> {
    return this.get({ operation: 'retrieve', sessionName: this.session, id });
  }

  revise(element: Record<string, unknown>): Promise<Envelope> {
    return this.post({ operation: 'revise', sessionName: this.session, element: JSON.stringify(element) });
  }

  create(elementType: string, element: Record<string, unknown>): Promise<Envelope> {
    return this.post({ operation: 'create', sessionName: this.session, elementType, element: JSON.stringify(element) });
  }

  delete(id: string): Promise<Envelope> {
    return this.post({ operation: 'delete', sessionName: this.session, id });
  }

  describe(elementType: string): Promise<Envelope> {
    return this.get({ operation: 'describe', sessionName: this.session, elementType });
  }
}

export async function control(controlUrl: string, route: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(controlUrl + route, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`control ${route}: ${JSON.stringify(json)}`);
  return json;
}
