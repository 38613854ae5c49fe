/**
 * isPermitted (spec §8.7), the module-level flags of §8.8 and the Messages rules of §7.5, all
 * evaluated against a Recalculate snapshot plus the live record owner.
 */
import { ACTION, type ActionName, type Privileges } from './privileges';
import { NON_SHARING_MODULES, OWNEDBY_MODULES } from './meta';

export interface RecordRef {
  crmid: number;
  module: string;
  ownerId: number;
  data: Record<string, string>;
}

export interface AccessContext {
  priv: Privileges;
  isUser(id: number): boolean;
  /** Records linked to a message hash (used only when Messages sharing is Public Read Only). */
  linkedRecords(hash: string): RecordRef[];
}

const VIEW_ACTIONS = new Set(['index', 'DetailView']);

function messagesPermission(ctx: AccessContext, action: string, rec: RecordRef | undefined): boolean | undefined {
  if (['Import', 'Export', 'Merge', 'DuplicatesHandling'].includes(action)) return false;
  if (!rec) return undefined;
  const { priv } = ctx;
  if (rec.ownerId === priv.userId) return true;
  if (action === 'Delete') return false;
  if (rec.data.mvisibility === 'Public') return true;
  if (rec.data.mtype === 'Link' && (action === 'EditView' || action === 'Delete')) return false;
  const def = priv.defaultSharing.Messages ?? 3;
  // Code 8 (Assigned) reduces the visible owners to oneself; Messages never take sharing rules.
  if (def !== 8 && (priv.subordinateUsers.includes(rec.ownerId) || priv.groups.includes(rec.ownerId))) return true;
  if (def === 0 && VIEW_ACTIONS.has(action)) {
    return ctx.linkedRecords(rec.data.messagehash ?? '').some((r) => isPermitted(ctx, r.module, 'DetailView', r));
  }
  return false;
}

function bySharing(priv: Privileges, module: string, rec: RecordRef, ownerIsUser: boolean, mode: 'read' | 'write'): boolean {
  if (NON_SHARING_MODULES.has(module)) return false;
  const set = priv[mode][module];
  if (!set) return false;
  return ownerIsUser ? set.users.includes(rec.ownerId) : set.groups.includes(rec.ownerId);
}

export function isPermitted(ctx: AccessContext, module: string, action: ActionName | string, rec?: RecordRef): boolean {
  const { priv } = ctx;
  if (module === 'Home' || module === 'uploads') return true;
  if (module === 'Messages') {
    const adv = messagesPermission(ctx, action, rec);
    if (adv !== undefined) return adv;
  }
  if (priv.isAdmin) return true;
  const a = (ACTION as Record<string, number>)[action];
  if (a === undefined) return priv.tabs[module] === true;
  if (module === 'Users') return rec !== undefined && rec.crmid === priv.userId && (a === 0 || a === 1 || a === 4);
  if ((priv.viewAll || priv.editAll) && (a === 3 || a === 4)) return true;
  if (priv.editAll && (a === 0 || a === 1)) return true;
  if (priv.tabs[module] !== true) return false;
  if (priv.actions[module]?.[a] === false) return false;
  if (!rec) return true;
  if (OWNEDBY_MODULES.has(module)) return true;
  const ownerIsUser = ctx.isUser(rec.ownerId);
  if (ownerIsUser) {
    if (rec.ownerId === priv.userId) return true;
    if (priv.subordinateUsers.includes(rec.ownerId)) return true;
  } else if (priv.groups.includes(rec.ownerId)) return true;
  switch (priv.defaultSharing[module] ?? 2) {
    case 0:
      if (a === 0 || a === 1) return bySharing(priv, module, rec, ownerIsUser, 'write');
      return a !== 2;
    case 1:
      return a !== 2;
    case 2:
      return true;
    case 3:
      if (a === 3 || a === 4) return bySharing(priv, module, rec, ownerIsUser, 'read');
      if (a === 0 || a === 1) return bySharing(priv, module, rec, ownerIsUser, 'write');
      return a !== 2;
    default:
      return true;
  }
}

export interface ModuleFlags { access: boolean; read: boolean; write: boolean; delete: boolean }

/** VtenextCRMObjectMeta::computeAccess (spec §8.8). */
export function moduleFlags(priv: Privileges, module: string): ModuleFlags {
  if (priv.isAdmin || priv.viewAll || priv.editAll) return { access: true, read: true, write: true, delete: true };
  if (priv.firstProfileTabs[module] === false) return { access: false, read: false, write: false, delete: false };
  const acts = priv.actions[module];
  if (!acts) return { access: true, read: true, write: true, delete: true };
  return { access: true, read: acts[4] === true, write: acts[0] === true || acts[1] === true, delete: acts[2] === true };
}

/** getPermittedModuleNames: the modules listtypes reports (before the ws-entity intersection). */
export function moduleAllowed(priv: Privileges, module: string): boolean {
  if (priv.isAdmin || priv.viewAll || priv.editAll) return true;
  return priv.tabs[module] === true;
}

/** Whether query/list results of this module are filtered by owner for this user (spec §8.6). */
export function ownerFiltered(priv: Privileges, module: string): boolean {
  if (priv.isAdmin || priv.viewAll || priv.editAll) return false;
  return priv.defaultSharing[module] === 3;
}
