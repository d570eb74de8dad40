/**
 * Test helper: builds ONNX model bytes with protobufjs from the importer's schema, and runs a model on
 * onnxruntime-node directly (the independent reference the importer is compared with).
 */
import { randValues } from '../util/index.js';
import * as ort from 'onnxruntime-node';
import { modelType, DataType, AttrType } from '../../src/onnx/proto.js';

export type ElemType = 'float' | 'double' | 'int32' | 'int64' | 'bool' | 'float16' | 'uint8' | 'int8';
const CODE: Record<ElemType, number> = {
  float: DataType.FLOAT, double: DataType.DOUBLE, int32: DataType.INT32, int64: DataType.INT64, bool: DataType.BOOL,
  float16: DataType.FLOAT16, uint8: DataType.UINT8, int8: DataType.INT8,
};

/** An attribute with an explicit type (plain numbers: integers are INT, others FLOAT). */
export type Attr = { type: number; value: unknown };
export const A = {
  f: (v: number): Attr => ({ type: AttrType.FLOAT, value: v }),
  i: (v: number): Attr => ({ type: AttrType.INT, value: v }),
  floats: (v: number[]): Attr => ({ type: AttrType.FLOATS, value: v }),
  ints: (v: number[]): Attr => ({ type: AttrType.INTS, value: v }),
  s: (v: string): Attr => ({ type: AttrType.STRING, value: v }),
  strings: (v: string[]): Attr => ({ type: AttrType.STRINGS, value: v }),
  t: (v: TensorSpec): Attr => ({ type: AttrType.TENSOR, value: v }),
  /** A subgraph (If branches, Loop bodies). */
  g: (v: GraphSpec): Attr => ({ type: AttrType.GRAPH, value: v }),
};

export interface TensorSpec {
  name?: string;
  type: ElemType;
  dims: number[];
  values: number[];
  /** Store in raw_data (default) or in the typed field. */
  raw?: boolean;
}
export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, Attr | number | number[] | string>;
  name?: string;
  domain?: string;
}
export interface ValueSpec {
  name: string;
  type: ElemType;
  shape?: (number | string | null)[];
}
export interface GraphSpec {
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers?: TensorSpec[];
}
export interface ModelSpec extends GraphSpec {
  opset?: number;
  irVersion?: number;
}

function halfBits(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  let e = ((x >>> 23) & 0xff) - 127 + 15;
  const m = x & 0x7fffff;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) return sign | ((m | 0x800000) >> (14 - e));
  return sign | (e << 10) | (m >> 13);
}

export function tensorProto(t: TensorSpec): Record<string, unknown> {
  const base = { name: t.name ?? '', dims: t.dims, data_type: CODE[t.type] };
  if (t.raw === false) {
    switch (t.type) {
      case 'float': return { ...base, float_data: t.values };
      case 'double': return { ...base, double_data: t.values };
      case 'int64': return { ...base, int64_data: t.values };
      case 'float16': return { ...base, int32_data: t.values.map(halfBits) };
      default: return { ...base, int32_data: t.values.map((v) => (t.type === 'bool' ? (v ? 1 : 0) : v)) };
    }
  }
  let bytes: Uint8Array;
  switch (t.type) {
    case 'float': bytes = new Uint8Array(Float32Array.from(t.values).buffer); break;
    case 'double': bytes = new Uint8Array(Float64Array.from(t.values).buffer); break;
    case 'int32': bytes = new Uint8Array(Int32Array.from(t.values).buffer); break;
    case 'int64': bytes = new Uint8Array(BigInt64Array.from(t.values.map((v) => BigInt(v))).buffer); break;
    case 'float16': bytes = new Uint8Array(Uint16Array.from(t.values.map(halfBits)).buffer); break;
    case 'int8': bytes = new Uint8Array(Int8Array.from(t.values).buffer); break;
    default: bytes = Uint8Array.from(t.values.map((v) => (t.type === 'bool' ? (v ? 1 : 0) : v)));
  }
  return { ...base, raw_data: bytes };
}

function attrProto(name: string, a: Attr | number | number[] | string): Record<string, unknown> {
  const at: Attr = typeof a === 'number'
    ? Number.isInteger(a) ? A.i(a) : A.f(a)
    : typeof a === 'string' ? A.s(a)
    : Array.isArray(a) ? (a.every(Number.isInteger) ? A.ints(a) : A.floats(a))
    : a;
  const out: Record<string, unknown> = { name, type: at.type };
  switch (at.type) {
    case AttrType.FLOAT: out.f = at.value; break;
    case AttrType.INT: out.i = at.value; break;
    case AttrType.FLOATS: out.floats = at.value; break;
    case AttrType.INTS: out.ints = at.value; break;
    case AttrType.STRING: out.s = new TextEncoder().encode(at.value as string); break;
    case AttrType.STRINGS: out.strings = (at.value as string[]).map((v) => new TextEncoder().encode(v)); break;
    case AttrType.TENSOR: out.t = tensorProto(at.value as TensorSpec); break;
    case AttrType.GRAPH: out.g = graphProto(at.value as GraphSpec, 'body'); break;
  }
  return out;
}

function valueInfo(v: ValueSpec): Record<string, unknown> {
  const shape = v.shape === undefined ? undefined : { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : typeof d === 'string' ? { dim_param: d } : {})) };
  return { name: v.name, type: { tensor_type: { elem_type: CODE[v.type], shape } } };
}

function graphProto(spec: GraphSpec, name: string): Record<string, unknown> {
  return {
    name,
    node: spec.nodes.map((n, i) => ({
      op_type: n.op, input: n.inputs, output: n.outputs, name: n.name ?? `${name}_n${i}`, domain: n.domain ?? '',
      attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attrProto(k, v)),
    })),
    initializer: (spec.initializers ?? []).map(tensorProto),
    input: spec.inputs.map(valueInfo),
    output: spec.outputs.map(valueInfo),
  };
}

/** Serializes a model (IR version 8 unless given). */
export function makeModel(spec: ModelSpec): Uint8Array {
  const T = modelType();
  const msg = T.fromObject({
    ir_version: spec.irVersion ?? 8,
    producer_name: 'tensorlane-test',
    opset_import: [{ domain: '', version: spec.opset ?? 17 }],
    graph: graphProto(spec, 'test'),
  });
  return T.encode(msg).finish();
}

export interface FeedSpec {
  type: ElemType;
  dims: number[];
  values: number[];
}

const ORT_TYPE: Record<ElemType, string> = { float: 'float32', double: 'float64', int32: 'int32', int64: 'int64', bool: 'bool', float16: 'float16', uint8: 'uint8', int8: 'int8' };

function ortData(f: FeedSpec): unknown {
  switch (f.type) {
    case 'float': return Float32Array.from(f.values);
    case 'double': return Float64Array.from(f.values);
    case 'int32': return Int32Array.from(f.values);
    case 'int64': return BigInt64Array.from(f.values.map((v) => BigInt(v)));
    case 'bool': return Uint8Array.from(f.values.map((v) => (v ? 1 : 0)));
    case 'uint8': return Uint8Array.from(f.values);
    case 'int8': return Int8Array.from(f.values);
    default: throw new Error(`feed type ${f.type}`);
  }
}

/** Runs the model on onnxruntime-node; results as number arrays with dims. */
export async function runOrt(bytes: Uint8Array, feeds: Record<string, FeedSpec>): Promise<Record<string, { dims: number[]; values: number[] }>> {
  const sess = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const f: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) f[k] = new ort.Tensor(ORT_TYPE[v.type] as 'float32', ortData(v) as Float32Array, v.dims);
    const res = await sess.run(f);
    const out: Record<string, { dims: number[]; values: number[] }> = {};
    for (const [k, t] of Object.entries(res)) out[k] = { dims: [...t.dims], values: Array.from(t.data as ArrayLike<number | bigint | boolean>, Number) };
    return out;
  } finally {
    await sess.release();
  }
}

/** A float initializer/input of `dims` with seeded values in [-scale, scale). */
export const rand = (dims: number[], seed: number, scale = 1) => ({
  type: 'float' as const,
  dims,
  values: Array.from(randValues(dims.reduce((a, b) => a * b, 1), seed), (v) => v * scale),
});

/**
 * smallCnn's synthetic task: n images [1, 6, 6] of noise in [0, 0.3) with one of three column bands brightened by
 * 1; the class (one-hot, [n, 3]) is which band, i % 3.
 */
export function brightestBand(n: number): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(n * 36), ys = new Float32Array(n * 3);
  const r = randValues(n * 36, 99, 0, 0.3);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 36; p++) xs[i * 36 + p] = r[i * 36 + p]! + (Math.floor((p % 6) / 2) === i % 3 ? 1 : 0);
    ys[i * 3 + (i % 3)] = 1;
  }
  return { xs, ys };
}

/** x [N,1,6,6] -> Conv(4,3x3,pad1) -> Relu -> MaxPool 2 -> Flatten -> Gemm(4*3*3 -> 3). */
export function smallCnn(batch: number | string = 'N'): ModelSpec {
  return {
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1', 'b1'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'MaxPool', inputs: ['r'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
      { op: 'Flatten', inputs: ['p'], outputs: ['f'] },
      { op: 'Gemm', inputs: ['f', 'w2', 'b2'], outputs: ['logits'], attrs: { transB: 1 } },
    ],
    inputs: [{ name: 'x', type: 'float', shape: [batch, 1, 6, 6] }],
    outputs: [{ name: 'logits', type: 'float', shape: [batch, 3] }],
    initializers: [
      { name: 'w1', ...rand([4, 1, 3, 3], 1, 0.5) },
      { name: 'b1', ...rand([4], 2, 0.1) },
      { name: 'w2', ...rand([3, 36], 3, 0.3) },
      { name: 'b2', ...rand([3], 4, 0.1) },
    ],
    opset: 13,
  };
}
