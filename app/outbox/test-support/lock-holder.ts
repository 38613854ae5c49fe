/** Holds the outbox lock from another process until killed (the single-instance lock test). */
import { openDatabase } from '../../db/open';
import { appMigrations } from '../../store/migrations';
import { OutboxLock } from '../lock';

const db = openDatabase(process.argv[2] ?? '', { migrations: appMigrations });
new OutboxLock(db, { heartbeatMs: 200 }).acquire();
process.stdout.write('holding\n');
setInterval(() => undefined, 1_000);
