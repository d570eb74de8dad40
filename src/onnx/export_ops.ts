/**
 * How each tensorlane op becomes ONNX nodes for tl.onnx.export. An op node of a graph records the public op
 * and the arguments it was called with; each handler here reads those arguments (symbolic tensors are named
 * values, concrete ones and JS numbers become initializers) and emits the equivalent ONNX nodes. NHWC convs,
 * pools and batch norms are wrapped in transposes to ONNX's NCHW.
 */
import { Tensor } from '../core/tensor.js';
import type { DType } from '../core/dtype.js';
import { ONNX_DTYPE, sameConvPads, softmaxAlong, spatialSizes } from './export_helpers.js';

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
  const st = pair(strides, nhwc, 1);
  const dil = pair(o.dilations ?? dilations, nhwc, 1);
  return nchw(e, x, nhwc, (xn) => e.emit('Conv', [xn, w], {
    strides: st,
    dilations: dil,
    group: o.groups ?? 1,
    ...convPadAttrs(e, x, (filter as Tensor).shape.slice(0, 2), st, dil, padding, nhwc),
  })[0]!);
}

/** A 2-D conv's padding attributes; a dilated SAME conv gets explicit pads (see sameConvPads). */
export function convPadAttrs(e: Emitter, x: unknown, kernel: number[], st: number[], dil: number[], padding: unknown, nhwc: boolean): Record<string, number[] | string> {
  if (typeof padding === 'string' && padding.toUpperCase() === 'SAME') return sameConvPads(e, spatialSizes(x, 2, nhwc), kernel, st, dil);
  return padAttrs(e, padding, nhwc);
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

export const EXPORTERS: Record<string, ExportHandler> = {
  add: binary('Add'), sub: binary('Sub'), mul: binary('Mul'), pow: binary('Pow'),
  maximum: binary('Max'), minimum: binary('Min'),
  relu: unary('Relu'), sigmoid: unary('Sigmoid'), tanh: unary('Tanh'), exp: unary('Exp'), log: unary('Log'),
  neg: unary('Neg'), sqrt: unary('Sqrt'), abs: unary('Abs'), softplus: unary('Softplus'), softsign: unary('Softsign'),
  erf: unary('Erf'), floor: unary('Floor'), ceil: unary('Ceil'), identity: unary('Identity'), reciprocal: unary('Reciprocal'),
  square: (e, [x]) => e.emit('Mul', [e.value(x), e.value(x)]),
  elu: unary('Elu'),
  selu: unary('Selu'),
  leakyRelu: (e, [x, alpha]) => e.emit('LeakyRelu', [e.value(x)], { alpha: f((alpha as number | undefined) ?? 0.2) }),
  relu6: (e, [x]) => e.emit('Clip', [e.value(x), e.value(0, 'float32'), e.value(6, 'float32')]),
  softmax: (e, [x, axis]) => [softmaxAlong(e, 'Softmax', e.value(x), (axis as number | undefined) ?? -1, (x as Tensor).rank)],
  logSoftmax: (e, [x, axis]) => [softmaxAlong(e, 'LogSoftmax', e.value(x), (axis as number | undefined) ?? -1, (x as Tensor).rank)],
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
  cast: (e, [x, dtype]) => e.emit('Cast', [e.value(x)], { to: ONNX_DTYPE[dtype as DType] }),
  dropout: (e, [x]) => e.emit('Identity', [e.value(x)]),
  sum: reduce('ReduceSum'),
  mean: reduce('ReduceMean'),
  max: reduce('ReduceMax'),
  min: reduce('ReduceMin'),
};

