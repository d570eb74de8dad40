/**
 * How each tensorlane op becomes ONNX nodes for tl.onnx.export. An op node of a graph records the public op
 * and the arguments it was called with; each handler here reads those arguments (symbolic tensors are named
 * values, concrete ones and JS numbers become initializers) and emits the equivalent ONNX nodes. NHWC convs,
 * pools and batch norms are wrapped in transposes to ONNX's NCHW.
 */
import { Tensor } from '../core/tensor.js';
import type { DType } from '../core/dtype.js';

/** What a handler may ask of the exporter. */
export interface Emitter {
  opset: number;
  /** The value name of a tensor argument; a JS number or array becomes a constant of `dtype`. */
  value(x: unknown, dtype?: DType): string;
  /** An int64 constant (shapes, axes). */
  int64(values: number[], dims?: number[]): string;
  emit(op: string, inputs: string[], attrs?: Record<string, AttrValue>, nOut?: number): string[];
  fail(msg: string): never;
}

export type AttrValue = number | number[] | string | string[] | { f: number } | { floats: number[] };

/** A handler's outputs: value names, or why an output has no ONNX form (an error only if something reads it). */
export type Outputs = (string | { unavailable: string })[];

/** Emits the ONNX nodes of one op node; `outs` are the node's (symbolic) outputs, for their static shapes. */
export type ExportHandler = (e: Emitter, args: unknown[], outDtypes: DType[], outs: Tensor[]) => Outputs;

const f = (v: number) => ({ f: v });
const unary = (op: string): ExportHandler => (e, [x]) => e.emit(op, [e.value(x)]);
/** A binary op whose JS-number operand takes the tensor operand's dtype. */
const binary = (op: string): ExportHandler => (e, [a, b]) => {
  const dt = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : 'float32';
  return e.emit(op, [e.value(a, dt), e.value(b, dt)]);
};

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

export function channelsLast(fmt: unknown): boolean {
  if (typeof fmt === 'string') return fmt === 'NHWC';
  if (fmt && typeof fmt === 'object' && 'dataFormat' in fmt) return (fmt as { dataFormat?: string }).dataFormat !== 'NCHW';
  return true;
}

/** [h, w] from a number, [h, w] or TF's rank-4 form. */
export function pair(v: unknown, nhwc: boolean, dflt: number): [number, number] {
  if (v === undefined || v === null) return [dflt, dflt];
  if (typeof v === 'number') return [v, v];
  const a = v as number[];
  if (a.length === 2) return [a[0]!, a[1]!];
  if (a.length === 4) return nhwc ? [a[1]!, a[2]!] : [a[2]!, a[3]!];
  return [a[0]!, a[0]!];
}

/** ONNX padding attributes for a TF padding argument: 'SAME' (odd cell at the end), 'VALID' or explicit. */
export function padAttrs(e: Emitter, padding: unknown, nhwc: boolean): Record<string, number[] | string> {
  if (typeof padding === 'string') {
    const p = padding.toUpperCase();
    if (p === 'SAME') return { auto_pad: 'SAME_UPPER' };
    if (p === 'VALID') return { auto_pad: 'VALID' };
    e.fail(`padding '${padding}' cannot be exported`);
  }
  if (typeof padding === 'number') return { pads: [padding, padding, padding, padding] };
  const p = padding as number[][];
  const hw = p.length === 4 ? (nhwc ? [p[1]!, p[2]!] : [p[2]!, p[3]!]) : p;
  return { pads: [hw[0]![0]!, hw[1]![0]!, hw[0]![1]!, hw[1]![1]!] };
}

/**
 * padAttrs for a convolution, with SAME written as explicit pads when the window is dilated: onnxruntime
 * refuses auto_pad together with dilations. The pads follow from the static input size as TF's SAME pads
 * (output ceil(n / s), the odd cell at the end). `kernel`, `strides`, `dilations`: one entry per spatial axis.
 */
export function convPadAttrs(
  e: Emitter, padding: unknown, channelsLast: boolean, x: unknown, kernel: number[], strides: number[], dilations: number[],
): Record<string, number[] | string> {
  if (typeof padding !== 'string' || padding.toUpperCase() !== 'SAME' || dilations.every((d) => d === 1)) return padAttrs(e, padding, channelsLast);
  const n = kernel.length;
  const xs = (x as Tensor).shape;
  const spatial = channelsLast ? xs.slice(1, 1 + n) : xs.slice(2, 2 + n);
  if (spatial.some((d) => d < 0)) e.fail(`a dilated SAME convolution needs the input's spatial size known at export, got [${xs.join(', ')}]`);
  const begins: number[] = [];
  const ends: number[] = [];
  spatial.forEach((len, i) => {
    const out = Math.ceil(len / strides[i]!);
    const total = Math.max((out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - len, 0);
    begins.push(Math.floor(total / 2));
    ends.push(total - Math.floor(total / 2));
  });
  return { pads: [...begins, ...ends] };
}

/** Runs `body` on x in NCHW, transposing in and out when the op's data is NHWC. */
export function nchw(e: Emitter, x: unknown, nhwc: boolean, body: (xName: string) => string): string[] {
  const xn = nhwc ? e.emit('Transpose', [e.value(x)], { perm: TO_NCHW })[0]! : e.value(x);
  const y = body(xn);
  return nhwc ? e.emit('Transpose', [y], { perm: TO_NHWC }) : [y];
}

function conv2d(e: Emitter, [x, filter, strides, padding, opts, dilations]: unknown[]): string[] {
  const nhwc = channelsLast(opts);
  const o = opts && typeof opts === 'object' ? (opts as { dilations?: unknown; groups?: number }) : {};
  const w = e.emit('Transpose', [e.value(filter)], { perm: [3, 2, 0, 1] })[0]!; // HWIO -> OIHW
  const s = pair(strides, nhwc, 1);
  const d = pair(o.dilations ?? dilations, nhwc, 1);
  const k = (filter as Tensor).shape.slice(0, 2);
  return nchw(e, x, nhwc, (xn) => e.emit('Conv', [xn, w], { strides: s, dilations: d, group: o.groups ?? 1, ...convPadAttrs(e, padding, nhwc, x, k, s, d) })[0]!);
}

function pool(op: 'MaxPool' | 'AveragePool'): ExportHandler {
  return (e, [x, ksize, strides, padding, opts]) => {
    const nhwc = channelsLast(opts);
    return nchw(e, x, nhwc, (xn) => e.emit(op, [xn], { kernel_shape: pair(ksize, nhwc, 1), strides: pair(strides, nhwc, 1), ...padAttrs(e, padding, nhwc) })[0]!);
  };
}

function fusedBatchNorm(e: Emitter, [x, scale, offset, opts]: unknown[]): string[] {
  const o = (opts ?? {}) as { mean?: unknown; variance?: unknown; epsilon?: number; dataFormat?: string; isTraining?: boolean };
  if (o.isTraining !== false) e.fail('fusedBatchNorm in training mode (batch statistics) cannot be exported; build the inference graph with isTraining: false');
  const nhwc = o.dataFormat !== 'NCHW' && o.dataFormat !== 'NCDHW';
  const args = [e.value(scale), e.value(offset), e.value(o.mean), e.value(o.variance)];
  const y = nchw(e, x, nhwc, (xn) => e.emit('BatchNormalization', [xn, ...args], { epsilon: f(o.epsilon ?? 1e-3) })[0]!);
  // The op's result {y, batchMean, batchVariance}: inference passes mean and variance through.
  return [y[0]!, e.emit('Identity', [args[2]!])[0]!, e.emit('Identity', [args[3]!])[0]!];
}

function axesOf(axis: unknown, rank: number): number[] | null {
  if (axis === null || axis === undefined) return null;
  const a = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return a.map((v) => (v < 0 ? v + rank : v));
}

function reduce(op: string): ExportHandler {
  return (e, [x, axis, keepDims]) => {
    const rank = (x as Tensor).rank;
    const axes = axesOf(axis, rank) ?? Array.from({ length: rank }, (_, i) => i);
    const keep = keepDims ? 1 : 0;
    // Axes moved from attribute to input in opset 13 (ReduceSum) and 18 (the others).
    const asInput = op === 'ReduceSum' ? e.opset >= 13 : e.opset >= 18;
    return asInput ? e.emit(op, [e.value(x), e.int64(axes)], { keepdims: keep }) : e.emit(op, [e.value(x)], { axes, keepdims: keep });
  };
}

const ONNX_TYPE: Record<DType, number> = { float32: 1, float64: 11, int32: 6, int64: 7, bool: 9 };

export const EXPORTERS: Record<string, ExportHandler> = {
  add: binary('Add'), sub: binary('Sub'), mul: binary('Mul'), div: binary('Div'), pow: binary('Pow'),
  maximum: binary('Max'), minimum: binary('Min'),
  relu: unary('Relu'), sigmoid: unary('Sigmoid'), tanh: unary('Tanh'), exp: unary('Exp'), log: unary('Log'),
  neg: unary('Neg'), sqrt: unary('Sqrt'), abs: unary('Abs'), softplus: unary('Softplus'), softsign: unary('Softsign'),
  erf: unary('Erf'), floor: unary('Floor'), ceil: unary('Ceil'), identity: unary('Identity'), reciprocal: unary('Reciprocal'),
  square: (e, [x]) => e.emit('Mul', [e.value(x), e.value(x)]),
  elu: unary('Elu'),
  selu: unary('Selu'),
  leakyRelu: (e, [x, alpha]) => e.emit('LeakyRelu', [e.value(x)], { alpha: f((alpha as number | undefined) ?? 0.2) }),
  relu6: (e, [x]) => e.emit('Clip', [e.value(x), e.value(0, 'float32'), e.value(6, 'float32')]),
  softmax: (e, [x, axis]) => e.emit('Softmax', [e.value(x)], { axis: (axis as number | undefined) ?? -1 }),
  logSoftmax: (e, [x, axis]) => e.emit('LogSoftmax', [e.value(x)], { axis: (axis as number | undefined) ?? -1 }),
  matMul: (e, [a, b, ta, tb]) => {
    const tr = (x: unknown, t: unknown) => {
      const n = e.value(x);
      if (!t) return n;
      const r = (x as Tensor).rank;
      return e.emit('Transpose', [n], { perm: [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2] })[0]!;
    };
    return e.emit('MatMul', [tr(a, ta), tr(b, tb)]);
  },
  conv2d,
  maxPool: pool('MaxPool'),
  avgPool: pool('AveragePool'),
  fusedBatchNorm,
  flatten: (e, [x]) => e.emit('Reshape', [e.value(x), e.int64([-1])]),
  transpose: (e, [x, perm]) => e.emit('Transpose', [e.value(x)], perm ? { perm: perm as number[] } : {}),
  concat: (e, [xs, axis]) => e.emit('Concat', (xs as unknown[]).map((x) => e.value(x)), { axis: (axis as number | undefined) ?? 0 }),
  gather: (e, [x, idx, axis]) => e.emit('Gather', [e.value(x), e.value(idx, 'int32')], { axis: (axis as number | undefined) ?? 0 }),
  expandDims: (e, [x, axis]) => {
    const a = [(axis as number | undefined) ?? 0];
    return e.opset >= 13 ? e.emit('Unsqueeze', [e.value(x), e.int64(a)]) : e.emit('Unsqueeze', [e.value(x)], { axes: a });
  },
  squeeze: (e, [x, axis]) => {
    const t = x as Tensor;
    const axes = axesOf(axis, t.rank) ?? t.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
    return e.opset >= 13 ? e.emit('Squeeze', [e.value(x), e.int64(axes)]) : e.emit('Squeeze', [e.value(x)], { axes });
  },
  cast: (e, [x, dtype]) => e.emit('Cast', [e.value(x)], { to: ONNX_TYPE[dtype as DType] }),
  dropout: (e, [x]) => e.emit('Identity', [e.value(x)]),
  sum: reduce('ReduceSum'),
  mean: reduce('ReduceMean'),
  max: reduce('ReduceMax'),
  min: reduce('ReduceMin'),
};

