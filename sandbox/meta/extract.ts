/**
 * Regenerates modules.json from the recorded transcripts (../shared/crm-transcripts/acme).
 * The sandbox has no vtenext install to read its field tables from, so the admin's describe
 * answers are the ground truth for field metadata; the admin's retrieves tell us what an unset
 * field reads back as. Run: npx tsx sandbox/meta/extract.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const acme = path.resolve(here, '../../../shared/crm-transcripts/acme');

interface Exchange { op: string; label: string; params: Record<string, string>; body: string }
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const lines = (user: string): Exchange[] =>
  readFileSync(path.join(acme, `${user}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);

const admin = lines('admin');
const scenario = JSON.parse(readFileSync(path.join(acme, 'scenario.json'), 'utf8')) as {
  records: Array<{ key: string; module: string; fields: Record<string, unknown> }>;
};
const ids = JSON.parse(readFileSync(path.join(acme, 'ids.json'), 'utf8')) as Record<string, string>;

const listtypes = admin.filter((e) => e.op === 'listtypes');
const all = JSON.parse(listtypes[0]!.body).result as { types: string[]; information: Record<string, Json> };
const email = JSON.parse(listtypes[1]!.body).result as { types: string[] };

const modules: Record<string, Json> = {};
for (const e of admin.filter((x) => x.op === 'describe')) {
  const r = JSON.parse(e.body).result as Record<string, Json> & { fields: Array<Record<string, Json>> };
  const name = r.name as string;
  const firstRec = scenario.records.find((x) => x.module === name);
  let sample: Record<string, Json> = {};
  if (firstRec) {
    const ex = admin.find((x) => x.op === 'retrieve' && x.params.id === `{{id:${firstRec.key}}}`);
    if (ex) sample = JSON.parse(ex.body).result as Record<string, Json>;
  }
  let sentKeys: string[] = [];
  if (name === 'Messages') {
    const ex = admin.find((x) => x.op === 'create');
    if (ex) {
      sample = JSON.parse(ex.body).result as Record<string, Json>;
      sentKeys = Object.keys(JSON.parse(ex.params.element ?? '{}') as object);
    }
  }
  const blocks: string[] = [];
  const fields = r.fields.map((f) => {
    const out: Record<string, Json> = { ...f };
    if (typeof f.blockid === 'string' && !blocks.includes(f.blockid)) blocks.push(f.blockid);
    const sampleValue = sample[f.name as string];
    const setByScenario = sentKeys.includes(f.name as string) || (firstRec && Object.prototype.hasOwnProperty.call(firstRec.fields, f.name as string));
    if (sampleValue !== undefined && !setByScenario && f.name !== 'id') {
      // Values equal to the creation time are stamped at creation (e.g. HelpDesk SLA start).
      out.empty = sampleValue === sample.createdtime && f.name !== 'createdtime' ? '$created' : sampleValue;
    }
    return out;
  });
  const { fields: _f, ...rest } = r;
  void _f;
  modules[name] = { ...rest, blocks, fields, sampleKeys: Object.keys(sample) } as Json;
}

const userRecord = JSON.parse(admin.find((x) => x.label === 'retrieve own user record')!.body).result as Record<string, Json>;

writeFileSync(
  path.join(here, 'modules.json'),
  JSON.stringify({ source: 'acme transcripts (vtenext CE 20.04.3), admin describes', types: all.types, information: all.information, emailTypes: email.types, modules, userRecordKeys: Object.keys(userRecord), userRecordSample: userRecord, idsSample: Object.keys(ids).length }, null, 1) + '\n',
);
console.log('wrote', Object.keys(modules).join(', '));
