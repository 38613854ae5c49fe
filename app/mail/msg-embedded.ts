import * as dataStreamModule from '@kenjiuno/msgreader/lib/DataStream';
import type { FieldsData } from '@kenjiuno/msgreader';
import type { CfbLayout } from './cfb-check';
import { chainViews } from './cfb-stream';

interface DataStreamProto {
  writeUint8Array(arr: Uint8Array): void;
  mapUint8Array(length: number): Uint8Array;
}

let writesHonourOffsets: boolean | undefined;

/**
 * msgreader's DataStream.writeUint8Array copies from `arr.buffer` at offset 0, ignoring where
 * the array starts in it (the test fixtures copy before burning for that reason). Every array
 * msgreader makes itself starts at 0, for which this version makes the same copy; views into
 * the file buffer need the offset honoured. False when the class is not what this expects.
 */
function honourOffsetsInWrites(): boolean {
  if (writesHonourOffsets !== undefined) return writesHonourOffsets;
  const mod = dataStreamModule as unknown as { default?: unknown };
  const ctor = (typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown } | undefined)?.default) as { prototype?: DataStreamProto } | undefined;
  const proto = ctor?.prototype;
  writesHonourOffsets = !!proto && typeof proto.writeUint8Array === 'function' && typeof proto.mapUint8Array === 'function';
  if (writesHonourOffsets && proto) {
    proto.writeUint8Array = function (this: DataStreamProto, arr: Uint8Array) {
      // mapUint8Array grows the buffer as the original did and moves the position past the bytes.
      this.mapUint8Array(arr.length).set(arr);
    };
  }
  return writesHonourOffsets;
}

interface CfbProperty {
  startBlock: number;
  sizeBlock: number;
}
interface ReaderWithCfb {
  getAttachment(attach: FieldsData): { content: Uint8Array };
  reader?: { readProperty?: (this: unknown, property: CfbProperty) => Uint8Array };
}

/**
 * The bytes of an embedded message (PR_ATTACH_DATA_OBJ), re-burned by msgreader into a .msg
 * of its own. msgreader's burner reads every stream of the message through a fresh copy, each
 * assembled from a 512-byte copy per sector: for a 24 MB attachment inside, ~3.4x the file at
 * the peak. Here its large streams come as views into the file buffer already held (one joined
 * copy when the chain is fragmented), so only the burned file is new: ~2x. Small streams, and
 * any msgreader whose internals differ from this, go msgreader's own way.
 */
export function embeddedMessageBytes(reader: unknown, att: FieldsData, bytes: Uint8Array, layout: CfbLayout): Uint8Array {
  const r = reader as ReaderWithCfb;
  const cfb = r.reader;
  const original = cfb?.readProperty;
  if (!cfb || typeof original !== 'function' || !honourOffsetsInWrites()) return r.getAttachment(att).content;
  cfb.readProperty = function (property) {
    const views = property ? chainViews(bytes, layout, property.startBlock, property.sizeBlock) : null;
    if (!views) return original.call(this, property);
    const list = [...views];
    if (list.length === 1) return list[0]!;
    const joined = new Uint8Array(property.sizeBlock);
    let at = 0;
    for (const v of list) {
      joined.set(v, at);
      at += v.byteLength;
    }
    return joined;
  };
  try {
    return r.getAttachment(att).content;
  } finally {
    cfb.readProperty = original;
  }
}
