/**
 * Large data sets for benchmarks: a company of many owners (roles several levels deep, Private
 * sharing) and bulk records written straight into SQLite, storing only non-default values.
 */
import { type Store } from '../core/store';
import { moduleMeta } from '../core/meta';
import { wallTime } from '../core/time';
import { rng, pick, slug, FIRST_NAMES, LAST_NAMES, COMPANY_WORDS, COMPANY_KINDS, COMPANY_FORMS } from './names';

const ALL = { access: true, view: true, create: true, edit: true, delete: true };

/** Organisation > Director > Team lead 1..teams > Agents; `users` agents spread over the teams. */
export function largeScenario(opts: { teams?: number; agents?: number } = {}): object {
  const teams = opts.teams ?? 5;
  const agents = opts.agents ?? 45;
  const user = (key: string, role: string): object => ({
    key, user_name: key, first_name: key, last_name: 'Bench', email: `${key}@bench.example`, role, password: `pw-${key}`, accesskey: `bench-${key}`.padEnd(16, '0').slice(0, 16),
  });
  return {
    format: 'vte-scenario/1',
    name: 'large',
    roles: {
      key: 'org', name: 'Organisation', builtin: 'H1', profiles: [],
      children: [
        {
          key: 'director', name: 'Director', profiles: ['std'],
          children: Array.from({ length: teams }, (_, t) => ({
            key: `lead${t}`, name: `Team lead ${t}`, profiles: ['std'], children: [{ key: `agent${t}`, name: `Agent ${t}`, profiles: ['std'], children: [] }],
          })),
        },
        { key: 'builtin_manager', name: 'Manager', builtin: 'H2', profiles: ['builtin_admin'], children: [] },
      ],
    },
    profiles: [
      { key: 'std', name: 'Standard', global: { view_all: false, edit_all: false }, modules_default: ALL, modules: {} },
      { key: 'builtin_admin', name: 'Administrator', builtin: 1 },
    ],
    users: [
      { key: 'admin', user_name: 'admin', role: 'builtin_manager', is_admin: true, builtin: true, password: 'pw-admin', accesskey: 'bench-admin00000' },
      user('director', 'director'),
      ...Array.from({ length: teams }, (_, t) => user(`lead${t}`, `lead${t}`)),
      ...Array.from({ length: agents }, (_, a) => user(`agent${a}`, `agent${a % teams}`)),
    ],
    groups: [],
    default_sharing: { Accounts: 3, Contacts: 3, Leads: 3, Potentials: 3, HelpDesk: 3 },
    sharing_rules: [],
    records: [],
  };
}

export interface GenerateOptions { module?: 'Contacts' | 'Accounts' | 'Leads'; records: number; seed?: number }

/** Bulk-inserts records owned round-robin by every non-admin user; modifiedtime spreads over a year. */
export function generateRecords(store: Store, opts: GenerateOptions): void {
  const module = opts.module ?? 'Contacts';
  const meta = moduleMeta(module);
  if (!meta) throw new Error(`no metadata for ${module}`);
  const owners = store.db.prepare('SELECT id FROM users WHERE is_admin = 0 AND deleted = 0 ORDER BY id').pluck().all() as number[];
  if (owners.length === 0) throw new Error('no owners to spread records over');
  const r = rng(opts.seed ?? 42);
  const insert = store.db.prepare('INSERT INTO crmentity(crmid, module, smownerid, deleted, createdtime, modifiedtime, key, data) VALUES(?, ?, ?, 0, ?, ?, NULL, ?)');
  const start = Date.UTC(2025, 0, 1);
  const prefix = module === 'Contacts' ? 'CON' : module === 'Accounts' ? 'ACC' : 'LEA';
  const tx = store.db.transaction(() => {
    // One sequence update for the whole batch instead of one per record.
    const firstId = store.allocateCrmid();
    store.allocateCrmid(firstId + opts.records - 1);
    for (let i = 0; i < opts.records; i++) {
      const crmid = firstId + i;
      const first = pick(r, FIRST_NAMES);
      const last = pick(r, LAST_NAMES);
      const company = `${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_KINDS)} ${pick(r, COMPANY_FORMS)}`;
      const email = `${slug(first)}.${slug(last)}${i}@${slug(company).slice(0, 12)}.example.com`;
      const data: Record<string, string> =
        module === 'Contacts' ? { firstname: first, lastname: last, email, contact_no: `${prefix}${i + 1}`, title: 'Buyer', creator: '1' }
        : module === 'Accounts' ? { accountname: `${company} ${i}`, email1: email, account_no: `${prefix}${i + 1}`, creator: '1' }
        : { firstname: first, lastname: last, company, email, lead_no: `${prefix}${i + 1}`, creator: '1' };
      const t = wallTime(store.serverTz, start + Math.floor((i / opts.records) * 365 * 86400_000) + Math.floor(r() * 1000));
      insert.run(crmid, module, owners[i % owners.length], t, t, JSON.stringify(data));
    }
  });
  tx();
}
