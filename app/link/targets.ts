import type { CallOptions, CrmRecord } from '../crm';
import { isAppError } from '../errors';

export interface RetrievePort {
  retrieve(id: string, o?: CallOptions): Promise<CrmRecord>;
}

export interface TargetCheck {
  visible: string[];
  /** Gone or not visible to this user: vtenext answers ACCESS_DENIED for both (FINDINGS 18). */
  unavailable: { id: string; code: string }[];
}

/**
 * Retrieves every target as the user right before sending: vtenext checks nothing on `parent_id`
 * or `relate` targets (spec §5.9, §7.4), so this is the only permission check a link gets.
 * `recentlyVisible` lets a caller skip a record it saw visible a moment ago (never one it did not).
 * Errors other than "not found / denied" propagate (the network, the session).
 */
export async function checkTargets(crm: RetrievePort, ids: readonly string[], o?: CallOptions, recentlyVisible?: (id: string) => boolean): Promise<TargetCheck> {
  const out: TargetCheck = { visible: [], unavailable: [] };
  for (const id of ids) {
    if (recentlyVisible?.(id)) {
      out.visible.push(id);
      continue;
    }
    try {
      const r = await crm.retrieve(id, o);
      if (r.deleted === '1') out.unavailable.push({ id, code: 'CRM_RECORD_NOT_FOUND' });
      else out.visible.push(id);
    } catch (e) {
      if (isAppError(e) && (e.code === 'CRM_ACCESS_DENIED' || e.code === 'CRM_RECORD_NOT_FOUND')) out.unavailable.push({ id, code: e.code });
      else throw e;
    }
  }
  return out;
}
