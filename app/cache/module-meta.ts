import { createHash } from 'node:crypto';
import type { DescribeResult } from '../crm/types';

/**
 * Which modules have a Messages related list. vtenext does not expose relations through the
 * webservice, so this follows the install rule (spec §7.3): every entity module except these.
 */
const NOT_MESSAGES_RELATED = new Set(['ModComments', 'Emails', 'Sms', 'Fax', 'Newsletter', 'Messages', 'PBXManager', 'Charts', 'Faq', 'Projects']);
/** Related to Messages but never offered as link targets (getPopupLinkModules), so not cached. */
const NEVER_LINKED = new Set(['Documents', 'ModComments', 'Myfiles', 'MyNotes', 'Events']);
/** In listtypes but not CRM records a mail could be filed to. */
const NOT_RECORDS = new Set(['Users', 'Reports', 'Groups', 'Currency', 'DocumentFolders', 'Processes', 'ProductsBlock', 'Calendar']);

export function isMessagesRelated(module: string): boolean {
  return !NOT_MESSAGES_RELATED.has(module) && !NOT_RECORDS.has(module);
}

/** The modules whose records the cache holds: those a mail can be filed to, linkable or not. */
export function isCachedModule(module: string, isEntity: boolean | undefined): boolean {
  return isEntity !== false && isMessagesRelated(module) && !NEVER_LINKED.has(module);
}

export interface ModuleMeta {
  name: string;
  label: string;
  singular: string;
  idPrefix: string;
  createable: boolean;
  updateable: boolean;
  deleteable: boolean;
  retrieveable: boolean;
  messagesRelated: boolean;
  /** Related to Messages and `updateable` (isPermitted EditView): the UI's link-to rule. */
  linkable: boolean;
  labelFields: string[];
  emailFields: string[];
  phoneFields: string[];
  /** The reference that names the record's account (or, for tickets and deals, its parent). */
  accountField: string | null;
  statusField: string | null;
  visibleFields: string[];
  displayFields: string[];
  fieldsHash: string;
}

const DISPLAY_PREFERENCE = [
  'account_no', 'contact_no', 'lead_no', 'potential_no', 'ticket_no', 'vendor_no',
  'company', 'title', 'department', 'industry', 'sales_stage', 'ticketstatus', 'leadstatus',
  'amount', 'closingdate', 'bill_city', 'mailingcity', 'city', 'website',
];
const ACCOUNT_FIELD_PREFERENCE = ['account_id', 'related_to', 'parent_id'];
const STATUS_FIELDS = ['sales_stage', 'ticketstatus'];

export function moduleMeta(d: DescribeResult, info: { label?: string | undefined; singular?: string | undefined } = {}): ModuleMeta {
  const visible = d.fields.map((f) => f.name);
  const has = new Set(visible);
  const accountRefs = d.fields.filter((f) => f.type.name === 'reference' && (f.type.refersTo ?? []).includes('Accounts')).map((f) => f.name);
  const accountField = ACCOUNT_FIELD_PREFERENCE.find((n) => accountRefs.includes(n)) ?? accountRefs[0] ?? null;
  const messagesRelated = isMessagesRelated(d.name);
  return {
    name: d.name,
    label: info.label ?? d.label,
    singular: info.singular ?? d.label,
    idPrefix: d.idPrefix,
    createable: d.createable,
    updateable: d.updateable,
    deleteable: d.deleteable,
    retrieveable: d.retrieveable,
    messagesRelated,
    linkable: messagesRelated && !NEVER_LINKED.has(d.name) && d.updateable,
    labelFields: d.labelFields.split(',').map((s) => s.trim()).filter((s) => s !== '' && has.has(s)),
    emailFields: d.fields.filter((f) => f.type.name === 'email').map((f) => f.name),
    phoneFields: d.fields.filter((f) => f.type.name === 'phone').map((f) => f.name),
    accountField,
    statusField: STATUS_FIELDS.find((n) => has.has(n)) ?? null,
    visibleFields: visible,
    displayFields: DISPLAY_PREFERENCE.filter((n) => has.has(n)),
    // A field becoming hidden or visible changes what cached rows may hold: refill the module.
    fieldsHash: createHash('sha256').update(visible.join(',')).digest('hex').slice(0, 16),
  };
}
