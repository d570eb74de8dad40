/**
 * Export handlers for the ops keras/tl.layers layers build on (beyond the basic table in export_ops.ts):
 * conv1d (grouped too), depthwise and transposed convs (2-D; 3-D is in export_nn_ops.ts), padding, upsampling,
 * moments and batchNorm (layer normalization), the composite activations, comparisons and selection, and the layers'
 * run-time-shape helpers ('reshape' keeping the batch, 'tensordot', 'upSampling2d', 'upSampling3d').
 */
import type { Tensor } from '../core/tensor.js';
import { Tensor as TensorClass } from '../core/tensor.js';
import { channelsLast, convPadAttrs, nchw, pair, type Emitter, type ExportHandler } from './export_ops.js';
import { sameConvPads, spatialSizes } from './export_helpers.js';
import { mirrorPadded } from './export_index_ops.js';

const f = (v: number) => ({ f: v });

function unsqueeze(e: Emitter, x: string, axes: number[]): string {
  return e.opset >= 13 ? e.emit('Unsqueeze', [x, e.int64(axes)])[0]! : e.emit('Unsqueeze', [x], { axes })[0]!;
}
function squeeze(e: Emitter, x: string, axes: number[]): string {
  return e.opset >= 13 ? e.emit('Squeeze', [x, e.int64(axes)])[0]! : e.emit('Squeeze', [x], { axes })[0]!;
}
function reduceMean(e: Emitter, x: string, axes: number[], keep: boolean): string {
  const k = keep ? 1 : 0;
  return e.opset >= 18 ? e.emit('ReduceMean', [x, e.int64(axes)], { keepdims: k })[0]! : e.emit('ReduceMean', [x], { axes, keepdims: k })[0]!;
}
const dtypeOf = (x: unknown) => (x instanceof TensorClass ? x.dtype : 'float32');

/** tl.conv1d(x, filter [k, in / groups, out], stride, padding, opts|'NWC'|'NCW', dilation): ONNX 1-D Conv on NCW. */
const conv1d: ExportHandler = (e, [x, filter, stride, padding, opts, dilation]) => {
  const o = opts && typeof opts === 'object' ? (opts as { dataFormat?: string; dilation?: number | number[]; groups?: number }) : { dataFormat: opts as string | undefined };
  const nwc = (o.dataFormat ?? 'NWC') === 'NWC';
  const one = (v: unknown, d: number) => (v === undefined || v === null ? d : typeof v === 'number' ? v : (v as number[])[(v as number[]).length === 3 ? (nwc ? 1 : 2) : 0]!);
  if ((x as Tensor).rank !== 3) e.fail('conv1d export needs a batched (rank-3) input');
  const w = e.emit('Transpose', [e.value(filter)], { perm: [2, 1, 0] })[0]!; // [k, in, out] -> [out, in, k]
  const st = one(stride, 1), dil = one(o.dilation ?? dilation, 1);
  let pads: Record<string, number[] | string>;
  if (typeof padding === 'string') {
    const k = (filter as Tensor).shape[0]!;
    pads = padding.toUpperCase() === 'SAME' ? sameConvPads(e, spatialSizes(x, 1, nwc), [k], [st], [dil]) : { auto_pad: 'VALID' };
  } else if (typeof padding === 'number') pads = { pads: [padding, padding] };
  else {
    const p = padding as number[][];
    const q = p.length === 3 ? p[nwc ? 1 : 2]! : p[0]!;
    pads = { pads: [q[0]!, q[1]!] };
  }
  const xn = nwc ? e.emit('Transpose', [e.value(x)], { perm: [0, 2, 1] })[0]! : e.value(x);
  const y = e.emit('Conv', [xn, w], { strides: [st], dilations: [dil], group: o.groups ?? 1, ...pads })[0]!;
  return nwc ? e.emit('Transpose', [y], { perm: [0, 2, 1] }) : [y];
};

/** depthwiseConv2d: filter [kh, kw, in, mult] -> a grouped Conv (group = in) with weights [in * mult, 1, kh, kw]. */
const depthwiseConv2d: ExportHandler = (e, [x, filter, strides, padding, opts, dilations]) => {
  const nhwc = channelsLast(opts);
  const o = opts && typeof opts === 'object' ? (opts as { dilations?: unknown }) : {};
  const [kh, kw, cin, mult] = (filter as Tensor).shape as [number, number, number, number];
  const w4 = e.emit('Reshape', [e.value(filter), e.int64([kh, kw, 1, cin * mult])])[0]!;
  const w = e.emit('Transpose', [w4], { perm: [3, 2, 0, 1] })[0]!;
  const st = pair(strides, nhwc, 1);
  const dil = pair(o.dilations ?? dilations, nhwc, 1);
  return nchw(e, x, nhwc, (xn) => e.emit('Conv', [xn, w], {
    strides: st, dilations: dil, group: cin, ...convPadAttrs(e, x, [kh, kw], st, dil, padding, nhwc),
  })[0]!);
};

/**
 * conv2dTranspose(x, filter [kh, kw, out, in], outputShape, strides, padding, opts | dataFormat). ONNX
 * ConvTranspose gets explicit pads and output_padding computed the way TF crops (the odd cell of SAME at the
 * end), so no output_shape rule of the runtime is relied on; outputShape's batch may be -1 (the layers' graphs).
 */
const conv2dTranspose: ExportHandler = (e, [x, filter, outShape, strides, padding, opts]) => {
  const nhwc = typeof opts === 'string' ? opts === 'NHWC' : channelsLast(opts);
  const out = outShape as number[];
  const spatial = nhwc ? [out[1]!, out[2]!] : [out[2]!, out[3]!];
  const xs = (x as Tensor).shape;
  const inHW = nhwc ? [xs[1]!, xs[2]!] : [xs[2]!, xs[3]!];
  if (inHW.some((d) => d < 0)) e.fail('conv2dTranspose export needs the input height and width known at export');
  const s = pair(strides, nhwc, 1);
  const d = pair(opts && typeof opts === 'object' ? (opts as { dilations?: unknown }).dilations : undefined, nhwc, 1);
  if (typeof padding !== 'string') e.fail('conv2dTranspose export supports SAME and VALID padding');
  // The dilated window (k - 1) d + 1 decides the full length the pads crop.
  const kEff = (filter as Tensor).shape.slice(0, 2).map((k, i) => (k - 1) * d[i]! + 1);
  const { pads, outPad } = transposePads(inHW, kEff, s, spatial);
  const w = e.emit('Transpose', [e.value(filter)], { perm: [3, 2, 0, 1] })[0]!; // [kh, kw, out, in] -> [in, out, kh, kw]
  return nchw(e, x, nhwc, (xn) => e.emit('ConvTranspose', [xn, w], { strides: s, dilations: d, pads, output_padding: outPad })[0]!);
};

/**
 * ConvTranspose's explicit pads [begins..., ends...] and output_padding giving `out` from `inp` per spatial axis:
 * the full transposed convolution is s (n - 1) + k long, TF crops the difference with the odd cell at the end
 * (SAME), or the output is longer and ONNX pads it at the end (output_padding).
 */
function transposePads(inp: number[], k: number[], s: number[], out: number[]): { pads: number[]; outPad: number[] } {
  const n = inp.length;
  const pads = new Array<number>(2 * n).fill(0);
  const outPad = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const total = s[i]! * (inp[i]! - 1) + k[i]! - out[i]!;
    if (total >= 0) {
      pads[i] = Math.floor(total / 2);
      pads[i + n] = total - Math.floor(total / 2);
    } else outPad[i] = -total;
  }
  return { pads, outPad };
}

/** tl.pad(x, paddings, mode, value): ONNX Pad with pads [begins..., ends...]; SYMMETRIC as mirrorPad writes it. */
const pad: ExportHandler = (e, [x, paddings, mode, value]) => {
  let m = 'constant';
  let v = 0;
  if (typeof mode === 'number') v = mode;
  else if (typeof mode === 'string') m = mode.toLowerCase();
  if (typeof value === 'number') v = value;
  const p = paddings as number[][];
  if (m === 'symmetric') return [mirrorPadded(e, x, p, m)];
  const pads = [...p.map((q) => q[0]!), ...p.map((q) => q[1]!)];
  const ins = [e.value(x), e.int64(pads)];
  if (m === 'constant') ins.push(e.value(v, dtypeOf(x)));
  return e.emit('Pad', ins, { mode: m === 'reflect' ? 'reflect' : m });
};

/** The layers' nearest-neighbour upsampling of an NHWC tensor: Resize (nearest, floor, asymmetric) on NCHW. */
const upSampling2d: ExportHandler = (e, [x, sh, sw]) => nchw(e, x, true, (xn) =>
  e.emit('Resize', [xn, e.value([], 'float32'), e.value([1, 1, sh as number, sw as number], 'float32')], {
    mode: 'nearest', nearest_mode: 'floor', coordinate_transformation_mode: 'asymmetric',
  })[0]!);

/**
 * The layers' nearest-neighbour upsampling of an NDHWC tensor as it computes it: a Reshape to
 * [b, d, 1, h, 1, w, 1, c] (0 keeps the run-time batch), a Tile and a Reshape back.
 */
const upSampling3d: ExportHandler = (e, [x, sd, sh, sw]) => {
  const [, d, h, w, c] = (x as Tensor).shape as number[];
  if ([d, h, w, c].some((v) => v! < 0)) e.fail('upSampling3d export needs the depth, height, width and channels known at export');
  const [a, b, k] = [sd, sh, sw] as number[];
  const r = e.emit('Reshape', [e.value(x), e.int64([0, d!, 1, h!, 1, w!, 1, c!])])[0]!;
  const t = e.emit('Tile', [r, e.int64([1, 1, a!, 1, b!, 1, k!, 1])])[0]!;
  return e.emit('Reshape', [t, e.int64([0, d! * a!, h! * b!, w! * k!, c!])]);
};

/** reshape(x, shape) or the layers' batch-keeping reshape(x, targetWithoutBatch): told apart by the output rank. */
const reshape: ExportHandler = (e, [x, shape], _d, outs) => {
  if (shape instanceof TensorClass && shape.graphRef) return e.emit('Reshape', [e.value(x), e.emit('Cast', [e.value(shape)], { to: 7 })[0]!]);
  const s = shape instanceof TensorClass ? Array.from(shape.dataSync() as Int32Array) : (shape as number[]);
  const rank = outs[0]!.rank;
  return e.emit('Reshape', [e.value(x), e.int64(s.length === rank - 1 ? [0, ...s] : s)]);
};

/** moments(x, axes, keepDims) -> [mean, variance] (variance of the mean with keepdims, as tl computes it). */
const moments: ExportHandler = (e, [x, axes, keepDims]) => {
  const t = x as Tensor;
  const ax = axes === null || axes === undefined ? t.shape.map((_, i) => i) : (Array.isArray(axes) ? (axes as number[]) : [axes as number]).map((a) => (a < 0 ? a + t.rank : a));
  const xn = e.value(x);
  const meanK = reduceMean(e, xn, ax, true);
  const d = e.emit('Sub', [xn, meanK])[0]!;
  const varK = reduceMean(e, e.emit('Mul', [d, d])[0]!, ax, true);
  return keepDims ? [meanK, varK] : [squeeze(e, meanK, ax), squeeze(e, varK, ax)];
};

/** batchNorm(x, mean, variance, offset, scale, eps) = (x - mean) / sqrt(variance + eps) * scale + offset. */
const batchNorm: ExportHandler = (e, [x, mean, variance, offset, scale, eps]) => {
  const dt = dtypeOf(x);
  const inv = e.emit('Reciprocal', [e.emit('Sqrt', [e.emit('Add', [e.value(variance, dt), e.value((eps as number | undefined) ?? 1e-3, dt)])[0]!])[0]!])[0]!;
  let y = e.emit('Mul', [e.emit('Sub', [e.value(x), e.value(mean, dt)])[0]!, inv])[0]!;
  if (scale !== undefined && scale !== null) y = e.emit('Mul', [y, e.value(scale, dt)])[0]!;
  if (offset !== undefined && offset !== null) y = e.emit('Add', [y, e.value(offset, dt)])[0]!;
  return [y];
};

const swish: ExportHandler = (e, [x]) => {
  const xn = e.value(x);
  return e.emit('Mul', [xn, e.emit('Sigmoid', [xn])[0]!]);
};

/** gelu, exact (erf) or with the tanh approximation, in primitive ops (ONNX Gelu needs opset 20). */
const gelu: ExportHandler = (e, [x, approximate]) => {
  const xn = e.value(x);
  const half = e.emit('Mul', [xn, e.value(0.5)])[0]!;
  let inner: string;
  if (!approximate) inner = e.emit('Erf', [e.emit('Mul', [xn, e.value(Math.SQRT1_2)])[0]!])[0]!;
  else {
    const cube = e.emit('Mul', [e.emit('Mul', [xn, xn])[0]!, xn])[0]!;
    const arg = e.emit('Mul', [e.emit('Add', [xn, e.emit('Mul', [cube, e.value(0.044715)])[0]!])[0]!, e.value(Math.sqrt(2 / Math.PI))])[0]!;
    inner = e.emit('Tanh', [arg])[0]!;
  }
  return e.emit('Mul', [half, e.emit('Add', [inner, e.value(1)])[0]!]);
};

const compare = (op: string, negate = false): ExportHandler => (e, [a, b]) => {
  const dt = a instanceof TensorClass ? a.dtype : dtypeOf(b);
  const y = e.emit(op, [e.value(a, dt), e.value(b, dt)]);
  return negate ? e.emit('Not', y) : y;
};

/** zerosLike/onesLike: a constant expanded to x's run-time shape (x * 0 would turn inf into NaN). */
const filledLike = (v: number): ExportHandler => (e, [x]) => e.emit('Expand', [e.value(v, dtypeOf(x)), e.emit('Shape', [e.value(x)])[0]!]);

export const LAYER_EXPORTERS: Record<string, ExportHandler> = {
  conv1d,
  depthwiseConv2d,
  conv2dTranspose,
  pad,
  upSampling2d,
  upSampling3d,
  reshape,
  moments,
  batchNorm,
  rsqrt: (e, [x]) => e.emit('Reciprocal', [e.emit('Sqrt', [e.value(x)])[0]!]),
  swish,
  silu: swish,
  gelu,
  hardSigmoid: (e, [x]) => e.emit('HardSigmoid', [e.value(x)], { alpha: f(0.2), beta: f(0.5) }),
  clipByValue: (e, [x, lo, hi]) => {
    const dt = dtypeOf(x);
    return e.emit('Clip', [e.value(x), e.value(lo, dt), e.value(hi, dt)]);
  },
  tensordot: (e, [x, kernel]) => e.emit('MatMul', [e.value(x), e.value(kernel)]),
  tile: (e, [x, reps]) => e.emit('Tile', [e.value(x), e.int64(reps as number[])]),
  where: (e, [c, a, b]) => {
    const dt = a instanceof TensorClass ? a.dtype : dtypeOf(b);
    return e.emit('Where', [e.value(c, 'bool'), e.value(a, dt), e.value(b, dt)]);
  },
  greater: compare('Greater'),
  less: compare('Less'),
  equal: compare('Equal'),
  notEqual: compare('Equal', true),
  greaterEqual: (e, args) => (e.opset >= 12 ? compare('GreaterOrEqual')(e, args, [], []) : compare('Less', true)(e, args, [], [])),
  lessEqual: (e, args) => (e.opset >= 12 ? compare('LessOrEqual')(e, args, [], []) : compare('Greater', true)(e, args, [], [])),
  logicalNot: (e, [x]) => e.emit('Not', [e.value(x, 'bool')]),
  zerosLike: filledLike(0),
  onesLike: filledLike(1),
  sin: (e, [x]) => e.emit('Sin', [e.value(x)]),
  cos: (e, [x]) => e.emit('Cos', [e.value(x)]),
  sign: (e, [x]) => e.emit('Sign', [e.value(x)]),
  round: (e, [x]) => e.emit('Round', [e.value(x)]),
  /** slice(x, begin, size): size -1 runs to the end (an int64 max end, which ONNX clamps). */
  slice: (e, [x, begin, size]) => {
    const r = (x as Tensor).rank;
    const b = typeof begin === 'number' ? [begin] : (begin as number[]);
    const s = size === undefined || size === null ? b.map(() => -1) : typeof size === 'number' ? [size] : (size as number[]);
    const ends = b.map((v, i) => (s[i] === undefined || s[i]! < 0 ? Number.MAX_SAFE_INTEGER : v + s[i]!));
    if (b.length > r) e.fail(`slice begin [${b.join(', ')}] is longer than the rank ${r}`);
    return e.emit('Slice', [e.value(x), e.int64(b), e.int64(ends), e.int64(b.map((_, i) => i))]);
  },
  stack: (e, [xs, axis]) => {
    const a = (axis as number | undefined) ?? 0;
    const list = xs as Tensor[];
    const r = list[0]!.rank + 1;
    return e.emit('Concat', list.map((t) => unsqueeze(e, e.value(t), [a < 0 ? a + r : a])), { axis: a });
  },
};

export { unsqueeze, squeeze };
