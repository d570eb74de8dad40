/**
 * The TFRecord framing of tfevents files: each record is
 *   uint64 length (little-endian) · uint32 masked CRC32C of those 8 bytes · data · uint32 masked CRC32C of data.
 * The mask (rotate right by 15, add 0xa282ead8) is TensorFlow's, so a CRC over data that embeds CRCs stays
 * informative. A reader stops at a record cut short (a writer still running, or killed mid-write) and returns
 * the whole records before it; a CRC that does not match is damage, reported with the file and the offset.
 */
import { readFile } from 'node:fs/promises';
import crc32c from 'crc-32/crc32c.js';
import { FileFormatError } from '../core/errors.js';

const MASK_DELTA = 0xa282ead8;

/** TensorFlow's masked CRC32C of bytes (an unsigned 32-bit number). */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c.buf(bytes) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** One framed record holding `data`. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** What splitRecords found: the records' data, and whether the bytes ended inside a record. */
export interface SplitRecords {
  records: Uint8Array[];
  /** Bytes after the last whole record (a record cut short); 0 for a clean end. */
  trailingBytes: number;
}

/** Splits framed bytes into the records' data, checking both CRCs of each record. `where` names the source. */
export function splitRecords(bytes: Uint8Array, where: string): SplitRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let off = 0;
  while (off < bytes.length) {
    if (bytes.length - off < 12) break;
    const lenBig = view.getBigUint64(off, true);
    const lenCrc = view.getUint32(off + 8, true);
    if (maskedCrc32c(bytes.subarray(off, off + 8)) !== lenCrc) {
      throw new FileFormatError(`readEvents: ${where}: the length CRC of the record at byte ${off} does not match (damaged file)`);
    }
    // Checked before any allocation: a length past the end is a record cut short, never a huge buffer.
    if (lenBig > BigInt(bytes.length - off - 16)) break;
    const len = Number(lenBig);
    const data = bytes.subarray(off + 12, off + 12 + len);
    if (maskedCrc32c(data) !== view.getUint32(off + 12 + len, true)) {
      throw new FileFormatError(`readEvents: ${where}: the data CRC of the record at byte ${off} does not match (damaged file)`);
    }
    records.push(data);
    off += 16 + len;
  }
  return { records, trailingBytes: bytes.length - off };
}

/** The records of a file (see splitRecords). */
export async function readRecordFile(path: string): Promise<SplitRecords> {
  return splitRecords(await readFile(path), path);
}
