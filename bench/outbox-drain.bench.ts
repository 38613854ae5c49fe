import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/index';
import { createMailIntake } from '../app/mail';
import { silentLogger } from '../app/log';
import { createOutbox } from '../app/outbox';
import { messageElement, uploadName, type MailSnapshot } from '../app/link';
import { buildEml } from '../app/outbox/test-support/eml';
import { clientFor, openAppDb, spoolReader, tmpHome } from '../app/outbox/test-support/harness';
import { measurement, type Benchmark } from './harness';

const EMAILS = Number(process.env.OUTBOX_BENCH_EMAILS ?? 100);
const SIZE = 1_000_000;

/**
 * Issue 6: draining 100 emails with a 1 MB attachment each, in MB/s, beside a direct multipart
 * `create Messages` of the same payloads to the same sandbox in the same run (the floor: one
 * request per mail, no target check, no "did it land?", no checkpoints). Target ≥ 70 %.
 */
const bench: Benchmark = {
  name: 'outbox-drain',
  async run() {
    const home = tmpHome('outbox-bench-');
    const sandbox = await startSandbox({});
    try {
      const u = sandbox.users.find((x) => x.key === 'giulia')!;
      const client = clientFor(sandbox.webserviceUrl, u, 60_000);
      const login = await client.login();
      const target = (await client.query('SELECT id FROM Accounts LIMIT 1;'))[0]!.id!;
      const db = openAppDb(join(home, 'app.sqlite'));
      const intake = createMailIntake({ db, spoolDir: join(home, 'spool') });
      const payloads = Array.from({ length: EMAILS }, () => randomBytes(SIZE));
      const mailIds: string[] = [];
      for (let i = 0; i < EMAILS; i++) {
        const eml = buildEml({ subject: `Bench ${i}`, messageId: `<bench-${i}@client.example>`, attachments: [{ name: `payload-${i}.bin`, contentType: 'application/octet-stream', data: payloads[i]! }] });
        mailIds.push((await intake.import(`bench-${i}.eml`, eml)).summary.id);
      }
      await intake.close();

      const outbox = createOutbox({ db, clientFor: () => client, spool: spoolReader(join(home, 'spool')), log: silentLogger, timeZoneFor: () => 'UTC' });
      const direct = async (i: number) => {
        const mail: MailSnapshot = {
          mailId: `direct-${i}`, sha256: '0'.repeat(64), fileName: '', messageId: `<direct-${i}@client.example>`, subject: `Direct ${i}`, date: null,
          from: [{ name: '', address: 'anna@client.example' }], to: [], cc: [], bcc: [], replyTo: [], inReplyTo: null, references: [], text: 'Hello', html: null, clientKey: null,
        };
        const el = messageElement(mail, { jobId: `direct-${i}`, ownerWsId: login.userId, timeZone: 'UTC', parentIds: [target], withFiles: true });
        await client.create('Messages', el, [{ filename: uploadName('d', i, `payload-${i}.bin`), contentType: 'application/octet-stream', data: payloads[i]! }]);
      };
      // Interleaved batches, so both sides see the same load on a shared machine.
      const BATCH = 10;
      let directNs = 0n;
      let drainNs = 0n;
      for (let from = 0; from < EMAILS; from += BATCH) {
        const ids = mailIds.slice(from, from + BATCH);
        let t = process.hrtime.bigint();
        for (let i = from; i < from + ids.length; i++) await direct(i);
        directNs += process.hrtime.bigint() - t;
        for (const mailId of ids) outbox.enqueue({ accountId: 'bench', mailId, targets: [target] });
        t = process.hrtime.bigint();
        const summary = await outbox.drain();
        drainNs += process.hrtime.bigint() - t;
        if (summary.done !== ids.length) throw new Error(`drain finished ${summary.done} of ${ids.length}`);
      }
      const directS = Number(directNs) / 1e9;
      const drainS = Number(drainNs) / 1e9;
      db.close();
      const mb = (EMAILS * SIZE) / 1e6;
      return [measurement(`outbox drain: ${EMAILS} mails × 1 MB attachment`, mb / drainS, 'MB/s', 'direct multipart create, same payloads', mb / directS)];
    } finally {
      await sandbox.close();
    }
  },
};

export default bench;
