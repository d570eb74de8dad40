/**
 * Decoding and validation of an ONNX model file: the protobuf message, its tensors (raw or typed fields, half
 * floats, external data files) and the limits that keep a hostile file from exhausting memory or the stack.
 * Every failure is a FileFormatError naming the file and what is wrong with it.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { FileFormatError } from '../core/errors.js';
import { MAX_ELEMENTS } from '../core/shape.js';
import type protobuf from 'protobufjs';
import { protobufjs } from '../io/protobuf.js';
import { DATA_TYPE_NAMES, DataType, modelType } from './proto.js';

/** Plain-object forms of the messages (protobufjs toObject with int64 as numbers). */
export interface TensorProtoObj {
  name?: string;
  dims?: number[];
  data_type?: number;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: number[];
  double_data?: number[];
  uint64_data?: number[];
  raw_data?: Uint8Array;
  external_data?: { key?: string; value?: string }[];
  data_location?: number;
}
export interface AttributeObj {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProtoObj;
  g?: GraphObj;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  tensors?: TensorProtoObj[];
  graphs?: GraphObj[];
}
export interface NodeObj {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeObj[];
}
export interface DimObj {
  dim_value?: number;
  dim_param?: string;
}
export interface ValueInfoObj {
  name?: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: DimObj[] } }; sequence_type?: unknown };
}
export interface GraphObj {
  name?: string;
  node?: NodeObj[];
  initializer?: TensorProtoObj[];
  input?: ValueInfoObj[];
  output?: ValueInfoObj[];
  value_info?: ValueInfoObj[];
}
export interface ModelObj {
  ir_version?: number;
  producer_name?: string;
  producer_version?: string;
  graph?: GraphObj;
  opset_import?: { domain?: string; version?: number }[];
}

/** Limits on what one model may contain. */
export const LIMITS = {
  /** Nested subgraphs (If/Loop bodies) deeper than this are refused (the decoder recurses per level). */
  maxSubgraphDepth: 16,
  /** Nodes in the model, all subgraphs counted. */
  maxNodes: 1_000_000,
};

/** The dtype tensorlane computes an ONNX element type in (half floats decode to float32, small ints widen). */
export type LaneDType = 'float32' | 'float64' | 'int32' | 'bool';

export function laneDTypeOf(onnxType: number, where: string): LaneDType {
  switch (onnxType) {
    case DataType.FLOAT: case DataType.FLOAT16: case DataType.BFLOAT16: return 'float32';
    case DataType.DOUBLE: return 'float64';
    case DataType.INT8: case DataType.UINT8: case DataType.INT16: case DataType.UINT16: case DataType.INT32:
    case DataType.INT64: case DataType.UINT32: case DataType.UINT64: return 'int32';
    case DataType.BOOL: return 'bool';
    default:
      throw new FileFormatError(`${where}: ONNX element type ${DATA_TYPE_NAMES[onnxType] ?? onnxType} is not supported (float, double, float16, bfloat16, int8..int64, uint8..uint64 and bool are)`);
  }
}

/** A decoded tensor: tensorlane dtype, dims, and data in that dtype's storage. */
export interface DecodedTensor {
  name: string;
  onnxType: number;
  dtype: LaneDType;
  dims: number[];
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
  /** An int64/uint32/uint64 value outside int32 (the first one, as text): the data holds it clamped, and only a
   * reader for which clamping is exact (Slice's starts/ends) may use it. */
  outOfRange?: string;
}

/** Decodes the model bytes; `file` names the source in errors. */
export function decodeModel(bytes: Uint8Array, file: string): ModelObj {
  const T = modelType();
  let msg;
  const reader = protobufjs().Reader.create(bytes);
  try {
    msg = T.decode(reader);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new FileFormatError(`onnx.load: '${file}' is not a valid ONNX model (protobuf: ${m}, near byte offset ${reader.pos} of ${bytes.length})`);
  }
  const model = T.toObject(msg, { longs: Number, enums: Number, defaults: false, arrays: true }) as ModelObj;
  if (!model.graph) throw new FileFormatError(`onnx.load: '${file}' has no graph (is it an ONNX model?)`);
  checkGraph(model.graph, file, 0, { nodes: 0 });
  return model;
}

function checkGraph(g: GraphObj, file: string, depth: number, count: { nodes: number }): void {
  if (depth > LIMITS.maxSubgraphDepth) throw new FileFormatError(`onnx.load: '${file}': subgraphs nest deeper than ${LIMITS.maxSubgraphDepth} levels`);
  for (const n of g.node ?? []) {
    if (++count.nodes > LIMITS.maxNodes) throw new FileFormatError(`onnx.load: '${file}' has more than ${LIMITS.maxNodes} nodes`);
    for (const a of n.attribute ?? []) {
      if (a.g) checkGraph(a.g, file, depth + 1, count);
      for (const sg of a.graphs ?? []) checkGraph(sg, file, depth + 1, count);
    }
  }
}

/** Where external data files are looked up (the model's folder), or null for bytes given in memory. */
export interface DecodeContext {
  file: string;
  baseDir: string | null;
}

/** Decodes one TensorProto, checking its declared size against the bytes present before allocating. */
export function decodeTensor(t: TensorProtoObj, ctx: DecodeContext): DecodedTensor {
  const name = t.name ?? '';
  const where = `onnx.load: '${ctx.file}': tensor '${name}'`;
  const onnxType = t.data_type ?? 0;
  const dtype = laneDTypeOf(onnxType, where);
  const dims = (t.dims ?? []).map(Number);
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new FileFormatError(`${where} has an invalid dim ${d}`);
    count *= d;
  }
  if (count > MAX_ELEMENTS) throw new FileFormatError(`${where} declares ${count} elements, more than ${MAX_ELEMENTS}`);
  let raw = t.raw_data && t.raw_data.length > 0 ? t.raw_data : null;
  if (t.data_location === 1) raw = readExternal(t, ctx, where, count * byteWidth(onnxType));
  const wide = onnxType === DataType.INT64 || onnxType === DataType.UINT64 || onnxType === DataType.UINT32;
  if (raw) {
    const outOfRange = wide ? firstOutOfRange(raw, onnxType, count) : undefined;
    return { name, onnxType, dtype, dims, data: fromRaw(raw, onnxType, count, dtype, where), ...(outOfRange ? { outOfRange } : {}) };
  }
  const typed = typedField(t, onnxType);
  if (typed.length !== count) throw new FileFormatError(`${where} declares ${count} elements (dims ${JSON.stringify(dims)}) but holds ${typed.length}`);
  const bad = wide ? typed.find((v) => Number(v) > 2147483647 || Number(v) < -2147483648) : undefined;
  return { name, onnxType, dtype, dims, data: fromTyped(typed, onnxType, dtype), ...(bad !== undefined ? { outOfRange: String(bad) } : {}) };
}

function byteWidth(onnxType: number): number {
  switch (onnxType) {
    case DataType.DOUBLE: case DataType.INT64: case DataType.UINT64: return 8;
    case DataType.FLOAT: case DataType.INT32: case DataType.UINT32: return 4;
    case DataType.FLOAT16: case DataType.BFLOAT16: case DataType.INT16: case DataType.UINT16: return 2;
    default: return 1;
  }
}

function typedField(t: TensorProtoObj, onnxType: number): number[] {
  switch (onnxType) {
    case DataType.FLOAT: return t.float_data ?? [];
    case DataType.DOUBLE: return t.double_data ?? [];
    case DataType.INT64: return t.int64_data ?? [];
    case DataType.UINT32: case DataType.UINT64: return t.uint64_data ?? [];
    default: return t.int32_data ?? []; // int8..int32, uint8, uint16, bool, and the bit patterns of float16/bfloat16
  }
}

function fromTyped(v: number[], onnxType: number, dtype: LaneDType): DecodedTensor['data'] {
  if (onnxType === DataType.FLOAT16) return Float32Array.from(v, halfToFloat);
  if (onnxType === DataType.BFLOAT16) return Float32Array.from(v, bfloatToFloat);
  switch (dtype) {
    case 'float32': return Float32Array.from(v);
    case 'float64': return Float64Array.from(v);
    case 'int32': return Int32Array.from(v, clampInt32);
    case 'bool': return Uint8Array.from(v, (x) => (x ? 1 : 0));
  }
}

/** The first value of wide integer raw data outside int32, as text (exact for 64-bit values), or undefined. */
function firstOutOfRange(raw: Uint8Array, onnxType: number, count: number): string | undefined {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < count; i++) {
    const v = onnxType === DataType.INT64 ? dv.getBigInt64(i * 8, true) : onnxType === DataType.UINT64 ? dv.getBigUint64(i * 8, true) : BigInt(dv.getUint32(i * 4, true));
    if (v > 2147483647n || v < -2147483648n) return v.toString();
  }
  return undefined;
}

/**
 * Wide integers are computed in int32. A value that does not fit is clamped here and the tensor marked
 * (DecodedTensor.outOfRange): the importer lets only readers for which the clamp is exact use it (Slice's
 * INT64_MAX ends) and refuses every other, naming the node and the initializer.
 */
function clampInt32(x: number): number {
  return x > 2147483647 ? 2147483647 : x < -2147483648 ? -2147483648 : Math.trunc(x);
}

function fromRaw(raw: Uint8Array, onnxType: number, count: number, dtype: LaneDType, where: string): DecodedTensor['data'] {
  const w = byteWidth(onnxType);
  if (raw.length !== count * w) throw new FileFormatError(`${where} declares ${count} elements of ${w} bytes but has ${raw.length} bytes of data`);
  // Little-endian hosts (every platform Node ships for) copy float, double and int32 data in one go.
  // (protobufjs hands out Node Buffers, whose slice() is a view: copy through Uint8Array's.)
  if (LITTLE_ENDIAN && (onnxType === DataType.FLOAT || onnxType === DataType.DOUBLE || onnxType === DataType.INT32)) {
    const copy = Uint8Array.prototype.slice.call(raw).buffer;
    return onnxType === DataType.FLOAT ? new Float32Array(copy) : onnxType === DataType.DOUBLE ? new Float64Array(copy) : new Int32Array(copy);
  }
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = dtype === 'float32' ? new Float32Array(count) : dtype === 'float64' ? new Float64Array(count) : dtype === 'int32' ? new Int32Array(count) : new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * w;
    let v: number;
    switch (onnxType) {
      case DataType.FLOAT: v = dv.getFloat32(o, true); break;
      case DataType.DOUBLE: v = dv.getFloat64(o, true); break;
      case DataType.FLOAT16: v = halfToFloat(dv.getUint16(o, true)); break;
      case DataType.BFLOAT16: v = bfloatToFloat(dv.getUint16(o, true)); break;
      case DataType.INT64: v = clampInt32(Number(dv.getBigInt64(o, true))); break;
      case DataType.UINT64: v = clampInt32(Number(dv.getBigUint64(o, true))); break;
      case DataType.INT32: v = dv.getInt32(o, true); break;
      case DataType.UINT32: v = clampInt32(dv.getUint32(o, true)); break;
      case DataType.INT16: v = dv.getInt16(o, true); break;
      case DataType.UINT16: v = dv.getUint16(o, true); break;
      case DataType.INT8: v = dv.getInt8(o); break;
      default: v = dv.getUint8(o); // uint8, bool
    }
    out[i] = dtype === 'bool' ? (v ? 1 : 0) : v;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE half-precision bits to a number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function bfloatToFloat(b: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, (b & 0xffff) << 16);
  return dv.getFloat32(0);
}

/**
 * Reads a tensor stored outside the model. The location must be a relative path that stays inside the model's
 * folder, also after resolving symlinks; offset and length must lie inside the file.
 */
function readExternal(t: TensorProtoObj, ctx: DecodeContext, where: string, expectBytes: number): Uint8Array {
  const kv = new Map((t.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = kv.get('location');
  if (!location) throw new FileFormatError(`${where} is stored externally but names no 'location'`);
  if (ctx.baseDir === null) throw new FileFormatError(`${where} is stored in external file '${location}': load the model from a path, not bytes, so its folder is known`);
  if (isAbsolute(location) || location.split(/[\\/]/).includes('..') || location.includes('\0')) {
    throw new FileFormatError(`${where}: external data location '${location}' must be a relative path inside the model's folder`);
  }
  let real: string;
  let base: string;
  try {
    base = realpathSync(ctx.baseDir);
    real = realpathSync(join(ctx.baseDir, location));
  } catch {
    throw new FileFormatError(`${where}: external data file '${location}' cannot be found next to the model`);
  }
  const rel = relative(base, real);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
    throw new FileFormatError(`${where}: external data location '${location}' resolves outside the model's folder`);
  }
  const offset = Number(kv.get('offset') ?? 0);
  const length = kv.has('length') ? Number(kv.get('length')) : expectBytes;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new FileFormatError(`${where}: external data offset ${kv.get('offset')} / length ${kv.get('length')} are invalid`);
  }
  if (length !== expectBytes) throw new FileFormatError(`${where}: external data length ${length} does not match the ${expectBytes} bytes its dims and type need`);
  const fd = openSync(real, 'r');
  try {
    const size = fstatSync(fd).size;
    if (offset + length > size) throw new FileFormatError(`${where}: external data '${location}' has ${size} bytes; offset ${offset} + length ${length} runs past its end`);
    const buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buf, done, length - done, offset + done);
      if (n <= 0) throw new FileFormatError(`${where}: external data '${location}' ended early at byte ${offset + done}`);
      done += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** The folder of a model file (for external data). */
export function modelDir(path: string): string {
  return dirname(path);
}
