import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { createMailIntake, type MailIntake } from '../../mail';
import { silentLogger } from '../../log';
import type { VtenextClient } from '../../crm';
import { createOutbox, type Outbox, type OutboxDeps } from '../outbox';
import { buildEml, type EmlSpec } from './eml';
import { clientFor, control, openAppDb, serverMessages, spoolReader, tmpHome, userTimeZone, type CrmUser } from './harness';

export const ACCOUNT = 'acct-1';

/** A sandbox CRM over real HTTP, an app database file, the real intake and an outbox, all in a temp dir. */
export interface World {
  home: string;
  sandbox: SandboxHandle;
  sandboxDb: string;
  controlUrl: string;
  user: CrmUser;
  tz: string;
  db: Database.Database;
  intake: MailIntake;
  client: VtenextClient;
  outbox: Outbox;
  /** ws ids of records the user can see (Accounts then Contacts). */
  visible: string[];
  capture(spec: EmlSpec): Promise<string>;
  control(route: string, body?: unknown, method?: string): Promise<unknown>;
  messages(): ReturnType<typeof serverMessages>;
  newOutbox(extra?: Partial<OutboxDeps>): Outbox;
  close(): Promise<void>;
}

export async function makeWorld(o: { userKey?: string; timeoutMs?: number; outbox?: Partial<OutboxDeps> } = {}): Promise<World> {
  const home = tmpHome();
  const sandboxDb = join(home, 'sandbox.sqlite');
  const sandbox = await startSandbox({ control: true, db: sandboxDb });
  const u = sandbox.users.find((x) => x.key === (o.userKey ?? 'giulia'));
  if (!u || !sandbox.controlUrl) throw new Error('sandbox user or control missing');
  const controlUrl = sandbox.controlUrl;
  const user = { userName: u.userName, accessKey: u.accessKey };
  const tz = userTimeZone(sandboxDb, u.userName);
  const db = openAppDb(join(home, 'app.sqlite'));
  const spoolDir = join(home, 'spool');
  const intake = createMailIntake({ db, spoolDir });
  const client = clientFor(sandbox.webserviceUrl, user, o.timeoutMs ?? 3_000);
  const accounts = (await client.query('SELECT id FROM Accounts LIMIT 10;')).map((r) => r.id ?? '');
  const contacts = (await client.query('SELECT id FROM Contacts LIMIT 10;')).map((r) => r.id ?? '');
  const newOutbox = (extra: Partial<OutboxDeps> = {}) =>
    createOutbox({
      db,
      clientFor: () => client,
      spool: spoolReader(spoolDir),
      log: silentLogger,
      timeZoneFor: () => tz,
      backoff: { baseMs: 20, maxMs: 200 },
      // The sandbox commits before it answers (or drops) a request it ran: nothing settles later.
      createSettleMs: 50,
      drainPatienceMs: 20_000,
      ...o.outbox,
      ...extra,
    });
  return {
    home,
    sandbox,
    sandboxDb,
    controlUrl,
    user,
    tz,
    db,
    intake,
    client,
    outbox: newOutbox(),
    visible: [...accounts, ...contacts].filter((x) => x !== ''),
    async capture(spec) {
      return (await intake.import(`${spec.subject}.eml`, buildEml(spec))).summary.id;
    },
    control: (route, body, method) => control(controlUrl, route, body, method),
    messages: () => serverMessages(sandboxDb),
    newOutbox,
    async close() {
      await intake.close();
      db.close();
      await sandbox.close();
    },
  };
}
