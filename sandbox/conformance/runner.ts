/**
 * Runs a recorded transcript directory against a fresh sandbox loaded with the same scenario and
 * ids, doing between users what the recorder did outside the transcripts: soft-deleting the
 * Documents made from that user's attachments.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startSandbox } from '../index';
import { replay, loadTranscripts, type ExchangeResult } from './replay';

async function control(url: string, route: string, body: unknown): Promise<unknown> {
  const res = await fetch(url + route, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`control ${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<unknown>;
}

export async function runConformance(dir: string, opts: { lenient?: boolean; withoutRecordMeta?: boolean } = {}): Promise<ExchangeResult[]> {
  const scenario = JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as object;
  const idsFile = path.join(dir, 'ids.json');
  const ids = existsSync(idsFile) ? (JSON.parse(readFileSync(idsFile, 'utf8')) as Record<string, string>) : {};
  const metaFile = path.join(dir, 'record_meta.json');
  const recordMeta = existsSync(metaFile) && !opts.withoutRecordMeta ? (JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, Record<string, string>>) : {};
  // Run the server's clock from the recording's first timestamp: login's timezone offsets (and so
  // the answers) depend on the date through daylight saving time.
  const first = [...loadTranscripts(dir).values()][0]?.[0]?.time;
  const shift = first ? Date.parse(first) - Date.now() : 0;
  const sb = await startSandbox({ scenario, ids, recordMeta, control: true, clock: () => Date.now() + shift });
  const controlUrl = sb.controlUrl as string;
  let before = new Set<string>();
  const documents = async (): Promise<string[]> => ((await control(controlUrl, 'records', { module: 'Documents' })) as { ids: string[] }).ids;
  try {
    return await replay(dir, {
      webserviceUrl: sb.webserviceUrl,
      ids: sb.ids,
      beforeUser: async () => {
        before = new Set(await documents());
      },
      afterUser: async () => {
        for (const id of await documents()) if (!before.has(id)) await control(controlUrl, 'delete', { record: id });
      },
    }, { lenient: opts.lenient });
  } finally {
    await sb.close();
  }
}
