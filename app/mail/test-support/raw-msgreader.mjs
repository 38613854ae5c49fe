// Runs @kenjiuno/msgreader directly on one file, with no guard: used to show which inputs
// hang it (the "known issue" the isolation exists for).
import { readFileSync } from 'node:fs';
import * as mod from '@kenjiuno/msgreader';
const MsgReader = typeof mod.default === 'function' ? mod.default : mod.default.default;
const buf = readFileSync(process.argv[2]);
const reader = new MsgReader(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const data = reader.getFileData();
for (const a of data.attachments ?? []) reader.getAttachment(a);
process.exit(0);
