/**
 * The IDX format of MNIST and Fashion-MNIST (raw or gzip): a magic number (two zero bytes, a type code, the
 * rank), the dims as big-endian uint32, then the values. Every size is checked against the bytes the file holds
 * before anything is allocated, so a truncated or hostile file gives a FileFormatError naming the file.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FileFormatError } from '../core/errors.js';

export interface IdxArray {
  dims: number[];
  /** The values, viewed over the file's bytes (uint8 for the MNIST family). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Bytes per value for each IDX type code. */
const TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'ubyte', bytes: 1 },
  0x09: { name: 'sbyte', bytes: 1 },
  0x0b: { name: 'short', bytes: 2 },
  0x0c: { name: 'int', bytes: 4 },
  0x0d: { name: 'float', bytes: 4 },
  0x0e: { name: 'double', bytes: 8 },
};

/** Most bytes a gzip IDX file may expand to (the MNIST training images are 47 MB). */
export const MAX_IDX_BYTES = 1 << 30;

/** The bytes of a raw or gzip-compressed file (gzip recognized by its magic bytes, not the name). */
export function readMaybeGzip(path: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw, { maxOutputLength: MAX_IDX_BYTES });
    } catch (e) {
      throw new FileFormatError(`${path}: bad gzip data (${(e as Error).message})`);
    }
  }
  return raw;
}

/** Parses IDX bytes; `name` is the file named in errors. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4) throw new FileFormatError(`${name}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new FileFormatError(`${name}: bad IDX magic number (first bytes ${bytes[0]}, ${bytes[1]}; expected 0, 0)`);
  const type = TYPES[bytes[2]!];
  if (!type) throw new FileFormatError(`${name}: unknown IDX type code 0x${bytes[2]!.toString(16)} at offset 2`);
  const rank = bytes[3]!;
  if (rank === 0) throw new FileFormatError(`${name}: IDX rank 0 at offset 3`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new FileFormatError(`${name}: truncated IDX header (${rank} dims need ${headerBytes} bytes, file has ${bytes.length})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const expected = headerBytes + count * type.bytes;
  if (bytes.length !== expected) {
    throw new FileFormatError(
      `${name}: dims [${dims.join(',')}] of ${type.name} need ${expected} bytes, the file holds ${bytes.length} (${bytes.length < expected ? 'truncated' : 'trailing data'})`,
    );
  }
  const body = bytes.subarray(headerBytes);
  if (type.bytes === 1) return { dims, data: bytes[2] === 0x08 ? body : new Int8Array(body.buffer, body.byteOffset, body.length) };
  // Wider types are big-endian in the file.
  const n = count;
  const out = type.name === 'short' ? new Int16Array(n) : type.name === 'int' ? new Int32Array(n) : type.name === 'float' ? new Float32Array(n) : new Float64Array(n);
  const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let i = 0; i < n; i++) {
    const o = i * type.bytes;
    out[i] = type.name === 'short' ? bv.getInt16(o) : type.name === 'int' ? bv.getInt32(o) : type.name === 'float' ? bv.getFloat32(o) : bv.getFloat64(o);
  }
  return { dims, data: out };
}

/** Reads an IDX file (raw or gzip). */
export function readIdx(path: string): IdxArray {
  return parseIdx(readMaybeGzip(path), path);
}
