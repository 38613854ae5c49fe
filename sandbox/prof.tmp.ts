import { createHash } from 'node:crypto';
import { startSandbox } from './index';
const sb = await startSandbox({ db: '/tmp/big.db' });
const u = sb.users.find((x) => x.key === 'director')!;
const url = sb.webserviceUrl;
const ch = (await (await fetch(`${url}?operation=getchallenge&username=${u.userName}`)).json()) as { result: { token: string } };
const key = createHash('md5').update(ch.result.token + u.accessKey).digest('hex');
const s = ((await (await fetch(url, { method: 'POST', body: new URLSearchParams({ operation: 'login', username: u.userName, accessKey: key }) })).json()) as { result: { sessionName: string } }).result.sessionName;
const t0 = Date.now();
for (let i = 0; i < 40; i++) {
  const q = `SELECT * FROM Contacts ORDER BY modifiedtime LIMIT ${(i % 20) * 4000},1000;`;
  const r = await fetch(`${url}?${new URLSearchParams({ operation: 'query', sessionName: s, query: q })}`);
  await r.text();
}
console.log('ms/page', (Date.now() - t0) / 40);
await sb.close();
