import { DescribeResult, ListTypesResult, QueryResult, type CrmRecord } from '../../crm/types';
import { loadTranscript } from '../../crm/test-support/replay-server';

/** What the real vtenext answered one acme user: listtypes, describes and `SELECT * FROM M` rows. */
export interface RecordedUserData {
  types: ListTypesResult;
  describes: Map<string, DescribeResult>;
  rows: Map<string, CrmRecord[]>;
}

export function recordedUserData(user: string): RecordedUserData {
  const t = loadTranscript(user);
  const result = (label: string) => (JSON.parse(t.find((e) => e.label === label)!.body) as { result: unknown }).result;
  const describes = new Map<string, DescribeResult>();
  const rows = new Map<string, CrmRecord[]>();
  for (const e of t) {
    const body = JSON.parse(e.body || 'null') as { success?: boolean; result?: unknown } | null;
    if (!body?.success) continue;
    if (e.op === 'describe') {
      const d = DescribeResult.parse(body.result);
      describes.set(d.name, d);
    }
    const m = /^query \* (\w+)$/.exec(e.label);
    if (m) rows.set(m[1]!, QueryResult.parse(body.result));
  }
  return { types: ListTypesResult.parse(result('listtypes')), describes, rows };
}
