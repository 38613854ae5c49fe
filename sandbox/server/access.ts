/** Id resolution and the module-level checks every record operation starts with. */
import { type AuthedContext, WsError, DENIED, DENIED_ID } from './context';
import { ALL_TYPES, ACTOR_MODULES, EMAIL_TYPES, TYPE_INFO, moduleMeta } from '../core/meta';
import { moduleAllowed } from '../core/permissions';
import { parseWsId, type StoredRecord } from '../core/store';
import { type Privileges } from '../core/privileges';

/** listtypes: permitted modules, actors always (spec §5.1). */
export function permittedTypes(priv: Privileges): string[] {
  return ALL_TYPES.filter((t) => ACTOR_MODULES.has(t) || moduleAllowed(priv, t));
}

export function inListtypes(priv: Privileges, module: string): boolean {
  return ALL_TYPES.includes(module) && (ACTOR_MODULES.has(module) || moduleAllowed(priv, module));
}

/** listtypes with fieldTypeList: role-profile field visibility, module access applied (FINDINGS 21). */
export function typesWithFieldTypes(priv: Privileges, fieldTypes: string[]): string[] {
  const out: string[] = [];
  if (fieldTypes.includes('email')) out.push(...EMAIL_TYPES);
  for (const t of ALL_TYPES) {
    if (out.includes(t)) continue;
    const meta = moduleMeta(t);
    if (meta && TYPE_INFO[t]?.isEntity && meta.fields.some((f) => fieldTypes.includes(f.type.name) && !(priv.hiddenFields[t] ?? []).includes(f.name))) out.push(t);
  }
  return out.filter((t) => priv.tabs[t] === true || (priv.isAdmin && priv.tabs[t] !== false));
}

export interface ResolvedRecord { entityModule: string; record: StoredRecord }

/**
 * Retrieve/update/relate id checks in vtenext's order: known prefix, live record, module in
 * listtypes, then prefix matching the record's module (spec §5.3, FINDINGS 18).
 */
export function resolveRecord(ctx: AuthedContext, id: string | null | undefined): ResolvedRecord {
  const parsed = parseWsId(id ?? '');
  const entityModule = parsed ? ctx.store.moduleOfEntity(parsed.entity) : undefined;
  if (!parsed || !entityModule) throw new WsError('ACCESS_DENIED', DENIED_ID);
  const record = ctx.store.record(parsed.id);
  if (!record || record.deleted) throw new WsError('ACCESS_DENIED', DENIED);
  if (!inListtypes(ctx.priv, record.module)) throw new WsError('ACCESS_DENIED', DENIED);
  if (record.module !== entityModule) throw new WsError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
  return { entityModule, record };
}
