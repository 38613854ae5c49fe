/**
 * The built-in demo company the app's demo mode signs into: "Aurora Industrie S.p.A.", several
 * roles, private sales data, a public-read-only help desk and a few hundred records.
 */
import { rng, pick, slug, FIRST_NAMES, LAST_NAMES, COMPANY_WORDS, COMPANY_KINDS, COMPANY_FORMS, CITIES, INDUSTRIES, TITLES } from './names';

const ALLOW = { access: true, view: true, create: true, edit: true, delete: true };
const DENY = { access: false, view: false, create: false, edit: false, delete: false };

interface DemoUser { key: string; first: string; last: string; role: string; tz?: string; fmt?: string; groups?: string[] }

const USERS: DemoUser[] = [
  { key: 'ceo', first: 'Giovanna', last: 'Ferraris', role: 'ceo' },
  { key: 'sales_director', first: 'Marco', last: 'Bellini', role: 'sales_director' },
  { key: 'giulia', first: 'Giulia', last: 'Rinaldi', role: 'sales_rep', groups: ['key_accounts'] },
  { key: 'luca', first: 'Luca', last: 'Moretti', role: 'sales_rep' },
  { key: 'emma', first: 'Emma', last: 'Schneider', role: 'sales_rep', tz: 'Europe/Berlin', fmt: 'yyyy-mm-dd' },
  { key: 'oliver', first: 'Oliver', last: 'Hughes', role: 'sales_rep_export', tz: 'Europe/London', fmt: 'mm-dd-yyyy' },
  { key: 'support_manager', first: 'Paola', last: 'Greco', role: 'support_manager', groups: ['key_accounts'] },
  { key: 'davide', first: 'Davide', last: 'Conti', role: 'support_agent' },
  { key: 'ines', first: 'Inés', last: 'García', role: 'support_agent', tz: 'Europe/Madrid' },
  { key: 'marketing', first: 'Chiara', last: 'Lombardi', role: 'marketing' },
];

export function demoScenario(): object {
  const r = rng(20260423);
  const users = [
    { key: 'admin', user_name: 'admin', first_name: '', last_name: 'Administrator', email: 'admin@aurora-industrie.example', role: 'builtin_manager', is_admin: true, groups: [], date_format: 'dd-mm-yyyy', timezone: 'Europe/Rome', builtin: true, password: 'Demo#Admin2026', accesskey: 'DemoAdminKey0001' },
    ...USERS.map((u) => ({
      key: u.key, user_name: `${slug(u.first)}.${slug(u.last)}`, first_name: u.first, last_name: u.last, email: `${slug(u.first)}.${slug(u.last)}@aurora-industrie.example`,
      role: u.role, is_admin: false, groups: u.groups ?? [], date_format: u.fmt ?? 'dd-mm-yyyy', timezone: u.tz ?? 'Europe/Rome',
      password: `Demo#${u.key}2026`, accesskey: `Demo${u.key.replace(/_/g, '')}Key0000000000`.slice(0, 16),
    })),
  ];
  const owners = {
    sales: ['giulia', 'luca', 'emma', 'oliver', 'sales_director', 'ceo'],
    support: ['davide', 'ines', 'support_manager'],
  };
  const records: object[] = [];
  const accounts: string[] = [];
  const usedNames = new Set<string>();
  for (let i = 1; i <= 60; i++) {
    let name = '';
    do name = `${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_KINDS)} ${pick(r, COMPANY_FORMS)}`;
    while (usedNames.has(name));
    usedNames.add(name);
    const key = `acc${i}`;
    accounts.push(key);
    const domain = `${slug(name.split(' ')[0] ?? 'acme')}-${slug(name.split(' ')[1] ?? 'co')}.example.com`;
    records.push({
      key, module: 'Accounts', owner: i % 15 === 0 ? { group: 'key_accounts' } : { user: pick(r, owners.sales) },
      fields: { accountname: name, email1: `info@${domain}`, phone: `+39 0${Math.floor(r() * 90 + 10)} ${Math.floor(r() * 9000000 + 1000000)}`, website: `https://www.${domain}`, industry: pick(r, INDUSTRIES), bill_city: pick(r, CITIES) },
    });
  }
  for (let i = 1; i <= 150; i++) {
    const first = pick(r, FIRST_NAMES);
    const last = pick(r, LAST_NAMES);
    const acc = pick(r, accounts);
    const accRec = records.find((x) => (x as { key: string }).key === acc) as { owner: object; fields: { email1: string } };
    const domain = accRec.fields.email1.split('@')[1] ?? 'example.com';
    records.push({
      key: `con${i}`, module: 'Contacts', owner: r() < 0.8 ? accRec.owner : { user: pick(r, owners.sales) },
      fields: { firstname: first, lastname: last, email: `${slug(first)}.${slug(last)}@${domain}`, account_id: { ref: acc }, title: pick(r, TITLES), phone: `+39 3${Math.floor(r() * 900000000 + 100000000)}` },
    });
  }
  for (let i = 1; i <= 50; i++) {
    const first = pick(r, FIRST_NAMES);
    const last = pick(r, LAST_NAMES);
    const company = `${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_KINDS)} ${pick(r, COMPANY_FORMS)}`;
    records.push({
      key: `lead${i}`, module: 'Leads', owner: { user: pick(r, owners.sales) },
      fields: { firstname: first, lastname: last, company, email: `${slug(first)}.${slug(last)}@${slug(company.split(' ')[0] ?? 'lead')}.example.net`, city: pick(r, CITIES) },
    });
  }
  const stages = ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];
  for (let i = 1; i <= 40; i++) {
    const acc = pick(r, accounts);
    records.push({
      key: `pot${i}`, module: 'Potentials', owner: { user: pick(r, owners.sales) },
      fields: { potentialname: `Opportunità ${i}: ${pick(r, COMPANY_KINDS)}`, related_to: { ref: acc }, closingdate: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`, sales_stage: pick(r, stages), amount: String(Math.floor(r() * 90 + 10) * 1000) },
    });
  }
  const statuses = ['Open', 'In Progress', 'Wait For Response', 'Closed'];
  const problems = ['stampante non risponde', 'login failure after update', 'fattura errata', 'delivery delayed', 'richiesta di preventivo', 'VPN disconnects', 'macchinario fermo', 'password reset'];
  for (let i = 1; i <= 40; i++) {
    records.push({
      key: `tkt${i}`, module: 'HelpDesk', owner: { user: pick(r, owners.support) },
      fields: { ticket_title: `Ticket ${i}: ${pick(r, problems)}`, ticketstatus: pick(r, statuses), ticketpriorities: pick(r, ['Low', 'Normal', 'High', 'Urgent']), parent_id: { ref: pick(r, accounts) }, description: 'Segnalazione ricevuta via e-mail.' },
    });
  }
  const suppliers = ['Ferramenta Adriatica S.r.l.', 'Nordic Components AB', 'Trasporti Piave S.p.A.', 'Imballaggi Ligure S.n.c.', 'Rhine Chemicals GmbH', 'Cartotecnica Brenta S.r.l.'];
  suppliers.forEach((name, i) => {
    const domain = `${slug(name.split(' ')[1] ?? 'vendor')}-${slug(name.split(' ')[0] ?? 'co')}.example.org`;
    records.push({ key: `ven${i + 1}`, module: 'Vendors', owner: { user: 'sales_director' }, fields: { vendorname: name, email: `ordini@${domain}`, phone: `+39 0${40 + i} ${1000000 + i * 7919}`, website: `https://www.${domain}` } });
  });
  return {
    format: 'vte-scenario/1',
    name: 'demo',
    description: 'Aurora Industrie S.p.A. — built-in demo company of the vtenext sandbox.',
    roles: {
      key: 'organisation', name: 'Organisation', builtin: 'H1', profiles: [],
      children: [
        {
          key: 'ceo', name: 'CEO', profiles: ['sales', 'support'], children: [
            { key: 'sales_director', name: 'Sales Director', profiles: ['sales'], children: [
              { key: 'sales_rep', name: 'Sales Representative', profiles: ['sales'], children: [] },
              { key: 'sales_rep_export', name: 'Export Sales', profiles: ['sales'], children: [] },
            ] },
            { key: 'support_manager', name: 'Support Manager', profiles: ['support'], children: [
              { key: 'support_agent', name: 'Support Agent', profiles: ['support'], children: [] },
            ] },
            { key: 'marketing', name: 'Marketing', profiles: ['marketing'], children: [] },
          ],
        },
        { key: 'builtin_manager', name: 'Manager', builtin: 'H2', profiles: ['builtin_admin'], children: [{ key: 'builtin_agent', name: 'Agent', builtin: 'H3', profiles: ['builtin_sales'], children: [] }] },
      ],
    },
    profiles: [
      { key: 'sales', name: 'Aurora Sales', global: { view_all: false, edit_all: false }, modules_default: ALLOW, modules: { Accounts: { ...ALLOW, delete: false }, HelpDesk: { ...ALLOW, create: false, edit: false, delete: false } } },
      { key: 'support', name: 'Aurora Support', global: { view_all: false, edit_all: false }, modules_default: ALLOW, modules: { Leads: DENY, Potentials: DENY, Accounts: { ...ALLOW, create: false, edit: false, delete: false } } },
      { key: 'marketing', name: 'Aurora Marketing', global: { view_all: true, edit_all: false }, modules_default: { ...ALLOW, delete: false }, modules: {} },
      { key: 'builtin_admin', name: 'Administrator', builtin: 1 },
      { key: 'builtin_sales', name: 'Sales Profile', builtin: 2 },
    ],
    users,
    groups: [
      { key: 'key_accounts', name: 'Key Accounts Team', members: { users: ['giulia', 'support_manager'], roles: [], roles_and_subordinates: [], groups: [] } },
      { key: 'builtin_marketing', name: 'Marketing Group', builtin: true },
      { key: 'builtin_support', name: 'Support Group', builtin: true },
    ],
    default_sharing: { Accounts: 3, Contacts: 3, Leads: 3, Potentials: 3, HelpDesk: 0, Documents: 2 },
    sharing_rules: [
      { key: 'r1', module: 'Accounts', from: { type: 'role', key: 'sales_rep' }, to: { type: 'role', key: 'support_agent' }, permission: 'read-only' },
      { key: 'r2', module: 'Accounts', from: { type: 'role', key: 'sales_rep_export' }, to: { type: 'role', key: 'sales_rep' }, permission: 'read-write' },
    ],
    records,
  };
}
