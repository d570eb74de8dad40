/**
 * NumPy .npy files (format versions 1-3): a magic string, a version, a header length, a Python-dict header
 * {'descr', 'fortran_order', 'shape'} and the raw little-endian values. Read for `tensorlane run --input`,
 * written for its `--output dir`. Every size is checked against the file before anything is allocated.
 */
import { allocArray, type DType, type TypedArray } from '../core/dtype.js';
import { FileFormatError } from '../core/errors.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** descr → [tensorlane dtype, bytes per item]. uint8 has no tensorlane dtype and widens to int32. */
const DESCR: Record<string, [DType, number]> = {
  '<f4': ['float32', 4], '<f8': ['float64', 8], '<i4': ['int32', 4], '<i8': ['int64', 8], '|b1': ['bool', 1], '|u1': ['int32', 1],
};

export interface NpyArray {
  descr: string;
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** Parses .npy bytes; `where` (the file name) goes into error messages. */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  const fail = (msg: string): never => {
    throw new FileFormatError(`npy: ${where}: ${msg}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail(`unsupported format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) fail('file ends inside the header length');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + headerLen > bytes.length) fail(`header length ${headerLen} runs past the end of the file (${bytes.length} bytes)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? fail(`header has no 'descr': ${header.trim()}`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1] ?? fail(`header has no 'fortran_order': ${header.trim()}`);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail(`header has no 'shape': ${header.trim()}`);
  if (fortran !== 'False') fail('fortran_order True is not supported (save a C-ordered array: np.ascontiguousarray)');
  const kind = DESCR[descr] ?? fail(`dtype '${descr}' is not supported; expected one of ${Object.keys(DESCR).join(', ')}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    if (!/^\d+$/.test(s)) fail(`bad dimension '${s}' in shape (${shapeText})`);
    return Number(s);
  });
  const count = shape.reduce((a, b) => a * b, 1);
  const [dtype, itemBytes] = kind;
  const dataStart = start + headerLen;
  const expected = count * itemBytes;
  if (bytes.length - dataStart !== expected) {
    fail(`shape (${shape.join(', ')}) of '${descr}' needs ${expected} data bytes, the file has ${bytes.length - dataStart}`);
  }
  const data = allocArray(dtype, count);
  for (let i = 0; i < count; i++) {
    const off = dataStart + i * itemBytes;
    switch (descr) {
      case '<f4': (data as Float32Array)[i] = view.getFloat32(off, true); break;
      case '<f8': (data as Float64Array)[i] = view.getFloat64(off, true); break;
      case '<i4': (data as Int32Array)[i] = view.getInt32(off, true); break;
      case '<i8': (data as BigInt64Array)[i] = view.getBigInt64(off, true); break;
      case '|b1': (data as Uint8Array)[i] = bytes[off]! ? 1 : 0; break;
      case '|u1': (data as Int32Array)[i] = bytes[off]!; break;
    }
  }
  return { descr, dtype, shape, data };
}

const DESCR_OF: Record<DType, string> = { float32: '<f4', float64: '<f8', int32: '<i4', int64: '<i8', bool: '|b1' };

/** A version 1.0 .npy file of the values (C order). */
export function encodeNpy(data: TypedArray, shape: readonly number[], dtype: DType): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${DESCR_OF[dtype]}', 'fortran_order': False, 'shape': (${dims}), }`;
  // The header (with the 10 bytes before it and its final newline) is padded to a multiple of 64.
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const item = dtype === 'bool' ? 1 : dtype === 'float64' || dtype === 'int64' ? 8 : 4;
  const out = new Uint8Array(10 + header.length + data.length * item);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const base = 10 + header.length;
  for (let i = 0; i < data.length; i++) {
    const off = base + i * item;
    switch (dtype) {
      case 'float32': view.setFloat32(off, (data as Float32Array)[i]!, true); break;
      case 'float64': view.setFloat64(off, (data as Float64Array)[i]!, true); break;
      case 'int32': view.setInt32(off, (data as Int32Array)[i]!, true); break;
      case 'int64': view.setBigInt64(off, (data as BigInt64Array)[i]!, true); break;
      case 'bool': out[off] = (data as Uint8Array)[i]! ? 1 : 0; break;
    }
  }
  return out;
}
