import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { VtenextClient, nodeTransport, type Transport } from '../crm';
import { LANDED_QUERY_BUDGET, findLandedMany, landedBatchSize, type LandedQuery } from './reconcile';

const ask = (i: number, idLength = 30): LandedQuery => ({ jobId: `job-${i}`, messageId: `<${String(i).padStart(idLength - 15, 'x')}@client.example>`, subject: `Mail ${i}` });

describe('"already in the CRM?" in batches that fit one GET', () => {
  it('asks about as many Message-IDs as fit the budget, at least one, repeated ids for free', () => {
    expect(landedBatchSize(Array.from({ length: 100 }, (_, i) => ask(i)))).toBe(100);
    // 300-character ids, each ~320 encoded: far fewer fit.
    const long = Array.from({ length: 100 }, (_, i) => ask(i, 300));
    const n = landedBatchSize(long);
    expect(n).toBeGreaterThan(5);
    expect(n).toBeLessThan(25);
    expect(landedBatchSize([ask(1, 20_000), ask(2)])).toBe(1);
    expect(landedBatchSize([])).toBe(0);
    const same = Array.from({ length: 500 }, (_, i) => ({ ...ask(7, 300), jobId: `job-${i}` }));
    expect(landedBatchSize(same)).toBe(500);
  });

  describe('against the sandbox', () => {
    let sandbox: SandboxHandle;
    let client: VtenextClient;
    const urls: string[] = [];
    beforeAll(async () => {
      sandbox = await startSandbox({});
      const u = sandbox.users.find((x) => x.key === 'giulia')!;
      const http = nodeTransport();
      const recording: Transport = (req) => {
        urls.push(req.url);
        return http(req);
      };
      client = new VtenextClient({ url: sandbox.webserviceUrl, userName: u.userName, accessKey: async () => u.accessKey, transport: recording });
      await client.login();
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    it('splits a long list into queries whose URLs stay within the budget, and answers every job', async () => {
      const target = (await client.query('SELECT id FROM Accounts LIMIT 1;'))[0]!.id!;
      const jobs = Array.from({ length: 60 }, (_, i) => ask(i, 250));
      // Two of them are in the CRM already (the user filed them before).
      for (const i of [3, 41]) {
        const j = jobs[i]!;
        await client.create('Messages', { subject: j.subject, messageid: j.messageId, mfrom: 'a@client.example', mdate: '2024-03-01 10:00:00', mtype: 'Link', parent_id: target, assigned_user_id: (await client.login()).userId });
      }
      urls.length = 0;
      const answers = await findLandedMany(client, jobs);
      expect([...answers.keys()]).toEqual(jobs.map((j) => j.jobId));
      expect([...answers].filter(([, v]) => v !== null).map(([k, v]) => [k, v!.how])).toEqual([
        ['job-3', 'existing'],
        ['job-41', 'existing'],
      ]);
      expect(urls.length).toBeGreaterThan(2);
      for (const u of urls) expect(new URL(u).searchParams.get('query')!.length).toBeLessThan(LANDED_QUERY_BUDGET);
      for (const u of urls) expect(new URL(u).search.length).toBeLessThan(LANDED_QUERY_BUDGET + 200);
    });
  });
});
