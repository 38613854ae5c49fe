/**
 * Module metadata: field lists as the recorded vtenext install describes them (modules.json is
 * generated from the admin's describe answers by meta/extract.ts), plus the ws entity ids.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FieldType {
  name: string;
  refersTo?: string[];
  picklistValues?: Array<{ label: string; value: string }>;
  defaultValue?: string;
  format?: string;
  [extra: string]: unknown;
}

export interface FieldMeta {
  name: string;
  label: string;
  type: FieldType;
  nullable: boolean;
  editable: boolean;
  mandatory: boolean;
  fieldid?: string;
  uitype?: string;
  blockid?: string;
  panelid?: null;
  sequence?: string;
  default?: string;
  /** What the field reads back as when a record is created without it ('$created' = creation time). */
  empty?: string;
}

export interface ModuleMeta {
  name: string;
  label: string;
  idPrefix: string;
  isEntity: boolean;
  createable?: boolean;
  isInventory: boolean;
  isProduct: boolean;
  labelFields: string;
  blocks: string[];
  fields: FieldMeta[];
}

interface MetaFile {
  types: string[];
  information: Record<string, { isEntity: boolean; label: string; singular: string }>;
  emailTypes: string[];
  modules: Record<string, ModuleMeta>;
  userRecordKeys: string[];
  userRecordSample: Record<string, string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const file = JSON.parse(readFileSync(path.resolve(here, '../meta/modules.json'), 'utf8')) as MetaFile;

/** Every module name the install reports in listtypes, in its order. */
export const ALL_TYPES: readonly string[] = file.types;
export const TYPE_INFO = file.information;
/** listtypes(fieldTypeList=["email"]) answers in this order (FINDINGS 21). */
export const EMAIL_TYPES: readonly string[] = file.emailTypes;
export const USER_RECORD_KEYS: readonly string[] = file.userRecordKeys;
/** Install defaults of a Users record (preferences nobody sets through a scenario). */
export const USER_RECORD_SAMPLE: Readonly<Record<string, string>> = file.userRecordSample;

/**
 * ws entity ids. The recorded ones come from the transcripts; the rest follow the install's
 * tabsequence order (spec §2) and, for vtlib modules, numbers after the core ones.
 */
export const ENTITY_IDS: Record<string, number> = (() => {
  const fixed: Record<string, number> = {
    Calendar: 1, Leads: 2, Accounts: 3, Contacts: 4, Potentials: 5, Products: 6, Documents: 7, Emails: 8, HelpDesk: 9, Faq: 10,
    Vendors: 11, PriceBooks: 12, Quotes: 13, PurchaseOrder: 14, SalesOrder: 15, Invoice: 16, Campaigns: 17, Events: 18, Users: 19,
    Reports: 20, ProductsBlock: 21, Groups: 22, Currency: 23, DocumentFolders: 24, Messages: 44,
  };
  let next = 25;
  for (const t of file.types) {
    if (fixed[t] !== undefined) continue;
    while (Object.values(fixed).includes(next)) next++;
    fixed[t] = next++;
  }
  return fixed;
})();

export const MODULE_BY_ENTITY_ID: Record<number, string> = Object.fromEntries(Object.entries(ENTITY_IDS).map(([k, v]) => [v, k]));

export const ACTOR_MODULES = new Set(['Groups', 'Currency', 'DocumentFolders']);
/** Modules with vte_tab.ownedby = 1: no owner-based sharing at all. */
export const OWNEDBY_MODULES = new Set(['Emails', 'Faq', 'Vendors', 'PriceBooks', 'Reports', 'Users']);
/** Sharing rules never apply to these (getSharingModuleList exclusions). */
export const NON_SHARING_MODULES = new Set(['Calendar', 'Events', 'Sms', 'ModComments', 'MyNotes', 'Myfiles', 'Charts', 'Messages', 'ModLightProdAttr', 'Users', 'Reports']);
/** Modules that have no crmentity row: their records never show up in sync (FINDINGS 14). */
export const WITHOUT_CRMENTITY = new Set(['Messages', 'Processes']);

const GENERIC_FIELDS: FieldMeta[] = [
  { name: 'assigned_user_id', label: 'Assigned To', type: { name: 'owner' }, nullable: false, editable: true, mandatory: true, uitype: '53', default: '0' },
  { name: 'createdtime', label: 'Time created', type: { name: 'datetime' }, nullable: true, editable: false, mandatory: false, uitype: '70' },
  { name: 'modifiedtime', label: 'Modified Time', type: { name: 'datetime' }, nullable: true, editable: false, mandatory: false, uitype: '70' },
  { name: 'description', label: 'Description', type: { name: 'text' }, nullable: true, editable: true, mandatory: false, uitype: '19', empty: '' },
];

/**
 * Hand-written shapes for party modules the recording did not describe (Vendors and Employees
 * carry e-mail fields, so clients search and link them). Field names follow vtenext; ids,
 * blocks and sequences are invented and marked as such by being above 100000.
 */
function unrecorded(name: string, fields: Array<[string, string, string, string, boolean?]>): ModuleMeta {
  const out: FieldMeta[] = fields.map(([fname, label, type, uitype, mandatory], i) => ({
    name: fname, label, type: type === 'reference' ? { name: type, refersTo: ['Users'] } : { name: type }, nullable: !mandatory, editable: uitype !== '4' && uitype !== '70' && uitype !== '52',
    mandatory: mandatory === true, fieldid: String(100001 + i), uitype, blockid: '100001', panelid: null, sequence: String(i + 1),
    ...(type === 'datetime' ? { default: '0000-00-00 00:00:00' } : {}), ...(uitype === '4' || uitype === '70' || uitype === '52' || uitype === '53' ? {} : { empty: '' }),
  }));
  out.push({ name: 'id', label: `${name.toLowerCase()}id`, type: { name: 'autogenerated' }, nullable: false, editable: false, mandatory: false, default: '' });
  return { name, label: TYPE_INFO[name]?.label ?? name, idPrefix: String(ENTITY_IDS[name]), isEntity: true, isInventory: false, isProduct: false, labelFields: fields[0]?.[0] ?? '', blocks: ['100001'], fields: out };
}

const UNRECORDED: Record<string, ModuleMeta> = {
  Vendors: unrecorded('Vendors', [
    ['vendorname', 'Vendor Name', 'string', '2', true], ['vendor_no', 'Vendor No', 'string', '4'], ['email', 'Email', 'email', '13'], ['phone', 'Phone', 'phone', '1'],
    ['website', 'Website', 'url', '17'], ['category', 'Category', 'string', '1'], ['assigned_user_id', 'Assigned To', 'owner', '53', true],
    ['createdtime', 'Created Time', 'datetime', '70'], ['modifiedtime', 'Modified Time', 'datetime', '70'], ['creator', 'Creator', 'reference', '52'],
    ['city', 'City', 'string', '1'], ['country', 'Country', 'string', '1'], ['description', 'Description', 'text', '19'],
  ]),
  Employees: unrecorded('Employees', [
    ['employee_name', 'Name', 'string', '1', true], ['employee_no', 'Employee No', 'string', '4'], ['email', 'Email', 'email', '13'], ['phone', 'Phone', 'phone', '11'],
    ['assigned_user_id', 'Assigned To', 'owner', '53', true], ['createdtime', 'Created Time', 'datetime', '70'], ['modifiedtime', 'Modified Time', 'datetime', '70'],
    ['creator', 'Creator', 'reference', '52'], ['description', 'Description', 'text', '19'],
  ]),
  Products: unrecorded('Products', [
    ['productname', 'Product Name', 'string', '2', true], ['product_no', 'Product No', 'string', '4'], ['productcode', 'Part Number', 'string', '1'],
    ['assigned_user_id', 'Assigned To', 'owner', '53', true], ['createdtime', 'Created Time', 'datetime', '70'], ['modifiedtime', 'Modified Time', 'datetime', '70'],
    ['creator', 'Creator', 'reference', '52'], ['description', 'Description', 'text', '19'],
  ]),
};

const metaCache = new Map<string, ModuleMeta>();

/** Metadata of a module; modules that were not recorded get a minimal owner/time/description shape. */
export function moduleMeta(name: string): ModuleMeta | null {
  const known = file.modules[name] ?? UNRECORDED[name];
  if (known) return known;
  if (!ALL_TYPES.includes(name) || ACTOR_MODULES.has(name) || name === 'Users') return null;
  let m = metaCache.get(name);
  if (!m) {
    const info = TYPE_INFO[name];
    m = {
      name, label: info?.label ?? name, idPrefix: String(ENTITY_IDS[name]), isEntity: true, isInventory: false, isProduct: false,
      labelFields: '', blocks: [], fields: GENERIC_FIELDS.map((f) => ({ ...f })),
    };
    m.fields.push({ name: 'id', label: `${name.toLowerCase()}id`, type: { name: 'autogenerated' }, nullable: false, editable: false, mandatory: false, default: '' });
    metaCache.set(name, m);
  }
  return m;
}

export function isNumericType(t: string): boolean {
  return t === 'currency' || t === 'double' || t === 'integer';
}
