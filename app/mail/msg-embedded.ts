import type { FieldsData } from '@kenjiuno/msgreader';
import type { CfbLayout } from './cfb-check';
import { chainViews } from './cfb-stream';

interface DataStreamProto {
  writeUint8Array(arr: Uint8Array): void;
  mapUint8Array(length: number): Uint8Array;
}

const patched = new WeakSet<object>();

/**
 * msgreader's DataStream.writeUint8Array copies from `arr.buffer` at offset 0, ignoring where
 * the array starts in it (the test fixtures copy before burning for that reason). Every array
 * msgreader makes itself starts at 0, for which this version makes the same copy; views into
 * the file buffer need the offset honoured. The class is taken from the reader's own stream
 * (a deep import of it would not load in plain Node: the package has no exports map). False
 * when it is not what this expects.
 */
function honourOffsetsInWrites(stream: unknown): boolean {
  const proto = stream ? (Object.getPrototypeOf(stream) as Partial<DataStreamProto> | null) : null;
  if (!proto || typeof proto.writeUint8Array !== 'function' || typeof proto.mapUint8Array !== 'function') return false;
  if (!patched.has(proto)) {
    proto.writeUint8Array = function (this: DataStreamProto, arr: Uint8Array) {
      // mapUint8Array grows the buffer as the original did and moves the position past the bytes.
      this.mapUint8Array(arr.length).set(arr);
    };
    patched.add(proto);
  }
  return true;
}

interface CfbProperty {
  startBlock: number;
  sizeBlock: number;
}
interface ReaderWithCfb {
  getAttachment(attach: FieldsData): { content: Uint8Array };
  reader?: { ds?: unknown; readProperty?: (this: unknown, property: CfbProperty) => Uint8Array };
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
  if (!cfb || typeof original !== 'function' || !honourOffsetsInWrites(cfb.ds)) return r.getAttachment(att).content;
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
