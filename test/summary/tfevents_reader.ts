/**
 * An independent tfevents reader for the tests: its own framing parser and CRC mask (from the format's
 * definition, not from src/summary), the CRC32C of the `crc-32` package, and protobufjs decoding with the
 * package's .proto file. Every CRC is checked; a file must end on a record boundary.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import crc32c from 'crc-32/crc32c.js';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(fileURLToPath(new URL('../../proto/tensorboard.proto', import.meta.url)));
export const EventType = root.lookupType('tensorflow.Event');
export const GraphDefType = root.lookupType('tensorflow.GraphDef');

function masked(bytes: Uint8Array): number {
  const c = crc32c.buf(bytes) >>> 0;
  const rotated = ((c >>> 15) | (c << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 0x100000000;
}

const OPTS = { longs: Number, enums: String, arrays: true };

/** Every event of a complete file, decoded; throws on any CRC mismatch or trailing bytes. */
export function readAllEvents(path: string): Record<string, any>[] {
  const buf = readFileSync(path);
  const events: Record<string, any>[] = [];
  let off = 0;
  while (off < buf.length) {
    const header = buf.subarray(off, off + 8);
    const len = Number(buf.readBigUInt64LE(off));
    if (buf.readUInt32LE(off + 8) !== masked(header)) throw new Error(`length CRC mismatch at ${off}`);
    const data = buf.subarray(off + 12, off + 12 + len);
    if (data.length !== len || off + 16 + len > buf.length) throw new Error(`record at ${off} cut short`);
    if (buf.readUInt32LE(off + 12 + len) !== masked(data)) throw new Error(`data CRC mismatch at ${off}`);
    events.push(EventType.toObject(EventType.decode(data), OPTS));
    off += 16 + len;
  }
  return events;
}

export function decodeGraph(bytes: Uint8Array): Record<string, any> {
  return GraphDefType.toObject(GraphDefType.decode(bytes), OPTS);
}
