import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { VtenextClient } from './client';
import { nodeTransport } from './node-transport';
import { haveTranscripts } from './test-support/shared';
import { loadTranscript, startReplayServer } from './test-support/replay-server';

const USERS = ['admin', 'ceo', 'smgr', 'anna', 'bruno', 'supmgr', 'sam'];

/**
 * Every read the recorder made for every acme user, replayed through the client's typed calls:
 * what the client returns must be exactly what the real vtenext sent (date formats, time
 * zones, permissions and errors differ per user).
 */
describe.skipIf(!haveTranscripts)('client reads every recorded answer of every acme user', () => {
  it.each(USERS)('%s', async (user) => {
    const srv = await startReplayServer(user);
    try {
      const c = new VtenextClient({ url: srv.url, userName: srv.userName, accessKey: async () => srv.accessKey, transport: nodeTransport() });
      let checked = 0;
      for (const e of loadTranscript(user)) {
        if (e.label.startsWith('error:') || e.label.includes('after logout') || e.status !== 200) continue;
        const p = e.params_raw;
        let call: Promise<unknown>;
        if (e.op === 'listtypes') call = c.listTypes(p.fieldTypeList ? (JSON.parse(p.fieldTypeList) as string[]) : undefined);
        else if (e.op === 'describe') call = c.describe(p.elementType!);
        else if (e.op === 'query' && !/Messages|Documents/.test(p.query!)) call = c.query(p.query!);
        else if (e.op === 'retrieve' && /^(retrieve [a-z]+\d+|retrieve own user record)$/.test(e.label)) call = c.retrieve(p.id!);
        else continue;
        const body = JSON.parse(e.body) as { success: boolean; result?: unknown; error?: { code: string } };
        const got = await call.then(
          (v) => ({ ok: true, v }),
          (err: unknown) => ({ ok: false, v: isAppError(err) ? err.details?.vtCode : String(err) }),
        );
        if (body.success && Array.isArray(body.result)) expect(got, e.label).toEqual({ ok: true, v: body.result });
        else if (body.success) expect(got, e.label).toEqual({ ok: true, v: expect.objectContaining(body.result as object) as unknown });
        else expect(got, e.label).toEqual({ ok: false, v: body.error!.code });
        checked++;
      }
      expect(checked).toBeGreaterThan(60);
      expect(srv.stats.misses).toEqual([]);
      expect(srv.stats.logins).toBe(1);
    } finally {
      await srv.close();
    }
  });
});
