/**
 * Export handlers for tl.nn-style ops: 3-D convolutions and pools (NDHWC wrapped in transposes to ONNX's
 * NCDHW, as the 2-D ones are), the dilated and separable 2-D convolutions, local response normalization, the
 * per-example cross-entropy losses, l2Loss and zeroFraction, biasAdd / xwPlusB / reluLayer, crelu, and
 * embeddingLookup (one table or TF's 'mod' / 'div' shards).
 *
 * The spatial parameters are read with the ops' own parsers (ops/conv_util.ts), so every form the op takes (a
 * number, one entry per spatial dim, TF's full-rank form, explicit pads) means the same in the export.
 */
import type { DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import { channelsLastOf, convPads, parsePadding, parseSpatialParam, type ConvPadding } from '../ops/conv_util.js';
import type { Emitter, ExportHandler } from './export_ops.js';
import { axesOf, cast, dtypeOf, fAttr, rankOf, reduceOver, sameConvPads, softmaxAlong, spatialSizes, squeezeAt, unsqueezeAt } from './export_helpers.js';

type AttrMap = Record<string, number | number[] | string>;

/** Channels-first permutations for nd spatial dims: N...C -> NC... and back. */
function permsCF(nd: number): { toCF: number[]; toCL: number[] } {
  const sp = Array.from({ length: nd }, (_, i) => i + 1);
  return { toCF: [0, nd + 1, ...sp], toCL: [0, ...sp.map((i) => i + 1), 1] };
}

/**
 * Runs `body` on x laid out N, C, spatial...: channels-last data is transposed in and out, and a one-example
 * input (rank nd + 1, no batch) gets a batch of 1 around the op.
 */
function channelsFirst(e: Emitter, x: unknown, nd: number, last: boolean, body: (xn: string) => string): string {
  const single = rankOf(x) === nd + 1;
  let xn = e.value(x);
  if (single) xn = unsqueezeAt(e, xn, [0]);
  const { toCF, toCL } = permsCF(nd);
  if (last) xn = e.emit('Transpose', [xn], { perm: toCF })[0]!;
  let y = body(xn);
  if (last) y = e.emit('Transpose', [y], { perm: toCL })[0]!;
  return single ? squeezeAt(e, y, [0]) : y;
}

/** ONNX auto_pad or pads ([begins..., ends...]) for a TF padding argument over nd spatial dims. */
function padAttrsNd(op: string, padding: unknown, nd: number, last: boolean): AttrMap {
  const mode = parsePadding(op, padding as ConvPadding, nd, last);
  if (mode.kind === 'SAME') return { auto_pad: 'SAME_UPPER' }; // TF puts the odd cell at the end, as SAME_UPPER
  if (mode.kind === 'VALID') return { auto_pad: 'VALID' };
  const p = mode.pads;
  return { pads: [...Array.from({ length: nd }, (_, i) => p[2 * i]!), ...Array.from({ length: nd }, (_, i) => p[2 * i + 1]!)] };
}

/** Filter [k..., in, out] (TF) -> [out, in, k...] (ONNX Conv). */
function convWeights(e: Emitter, filter: unknown, nd: number): string {
  return e.emit('Transpose', [e.value(filter)], { perm: [nd + 1, nd, ...Array.from({ length: nd }, (_, i) => i)] })[0]!;
}

interface ConvArgs {
  op: string;
  nd: number;
  x: unknown;
  filter: unknown;
  strides: unknown;
  padding: unknown;
  dataFormat: string;
  dilations?: unknown;
  groups?: number;
}

/** Conv attributes: strides, dilations and pads (explicit for a dilated SAME conv, see sameConvPads). */
function convAttrs(e: Emitter, op: string, x: unknown, kernel: number[], nd: number, last: boolean, strides: unknown, dilations: unknown, padding: unknown): AttrMap {
  const st = parseSpatialParam(op, 'strides', strides as number, nd, last);
  const dil = parseSpatialParam(op, 'dilations', (dilations ?? 1) as number, nd, last);
  const mode = parsePadding(op, padding as ConvPadding, nd, last);
  const pads = mode.kind === 'SAME' ? sameConvPads(e, spatialSizes(x, nd, last), kernel, st, dil) : padAttrsNd(op, padding, nd, last);
  return { strides: st, dilations: dil, ...pads };
}

function convNd(e: Emitter, a: ConvArgs): string {
  const last = channelsLastOf(a.op, a.dataFormat, a.nd);
  const kernel = ((a.filter as Tensor).shape as number[]).slice(0, a.nd);
  const attrs: AttrMap = { ...convAttrs(e, a.op, a.x, kernel, a.nd, last, a.strides, a.dilations, a.padding), group: a.groups ?? 1 };
  const w = convWeights(e, a.filter, a.nd);
  return channelsFirst(e, a.x, a.nd, last, (xn) => e.emit('Conv', [xn, w], attrs)[0]!);
}

/** The options argument of a conv op: an object, or tfjs's positional data format (plus dilations). */
function convOpts(opts: unknown, dilations: unknown, dflt: string): { dataFormat: string; dilations?: unknown; groups?: number } {
  if (typeof opts === 'string') return { dataFormat: opts, dilations };
  const o = (opts ?? {}) as { dataFormat?: string; dilations?: unknown; groups?: number };
  return { dataFormat: o.dataFormat ?? dflt, dilations: o.dilations ?? dilations, groups: o.groups };
}

const conv3d: ExportHandler = (e, [x, filter, strides, padding, opts, dilations]) => {
  const o = convOpts(opts, dilations, 'NDHWC');
  return [convNd(e, { op: 'conv3d', nd: 3, x, filter, strides, padding, ...o })];
};

const pool3d = (op: 'maxPool3d' | 'avgPool3d', onnxOp: 'MaxPool' | 'AveragePool'): ExportHandler => (e, [x, ksize, strides, padding, opts]) => {
  const fmt = (opts as { dataFormat?: string } | undefined)?.dataFormat ?? 'NDHWC';
  const last = channelsLastOf(op, fmt, 3);
  const attrs: AttrMap = {
    kernel_shape: parseSpatialParam(op, 'ksize', ksize as number, 3, last),
    strides: parseSpatialParam(op, 'strides', strides as number, 3, last),
    ...padAttrsNd(op, padding, 3, last),
  };
  // Average pools count only the cells inside x (count_include_pad 0, ONNX's default), as tensorlane does.
  return [channelsFirst(e, x, 3, last, (xn) => e.emit(onnxOp, [xn], attrs)[0]!)];
};

/**
 * conv3dTranspose(x, filter [kd, kh, kw, out, in], outputShape, strides, padding, opts): ONNX ConvTranspose
 * with the pads the forward conv of an outputShape-sized input would have (TF's rule) and output_padding
 * making up the rest, so the result has exactly outputShape's spatial size.
 */
const conv3dTranspose: ExportHandler = (e, [x, filter, outputShape, strides, padding, opts]) => {
  const op = 'conv3dTranspose';
  const o = convOpts(opts, undefined, 'NDHWC');
  if ((o.groups ?? 1) !== 1) e.fail(`${op} with groups ${o.groups} cannot be exported`);
  const last = channelsLastOf(op, o.dataFormat, 3);
  const xs = (x as Tensor).shape;
  const out = outputShape as number[];
  const single = xs.length === 4;
  const spatialOf = (s: readonly number[]) => (single ? (last ? s.slice(0, 3) : s.slice(1, 4)) : last ? s.slice(1, 4) : s.slice(2, 5));
  const inSp = spatialOf(xs);
  const outSp = spatialOf(out);
  if ([...inSp, ...outSp].some((d) => d < 0)) e.fail(`${op} export needs the spatial sizes of x ${JSON.stringify(xs)} and outputShape known at export`);
  const k = ((filter as Tensor).shape as number[]).slice(0, 3);
  const st = parseSpatialParam(op, 'strides', strides as number, 3, last);
  const dil = parseSpatialParam(op, 'dilations', (o.dilations ?? 1) as number, 3, last);
  const mode = parsePadding(op, padding as ConvPadding, 3, last);
  const pairs = convPads(outSp, k, st, dil, mode.kind === 'EXPLICIT' ? [0, 1, 2].map((i) => [mode.pads[2 * i]!, mode.pads[2 * i + 1]!]) : mode.kind);
  const begins = [0, 1, 2].map((i) => pairs[2 * i]!);
  const ends = [0, 1, 2].map((i) => pairs[2 * i + 1]!);
  const outPad = [0, 1, 2].map((i) => outSp[i]! - (st[i]! * (inSp[i]! - 1) + (k[i]! - 1) * dil[i]! + 1 - begins[i]! - ends[i]!));
  if (outPad.some((p, i) => p < 0 || p >= Math.max(st[i]!, dil[i]!))) e.fail(`${op}: outputShape ${JSON.stringify(out)} is not reachable by an ONNX ConvTranspose from x ${JSON.stringify(xs)}`);
  const w = e.emit('Transpose', [e.value(filter)], { perm: [4, 3, 0, 1, 2] })[0]!; // [k, out, in] -> [in, out, k]
  const attrs: AttrMap = { strides: st, dilations: dil, pads: [...begins, ...ends], output_padding: outPad };
  return [channelsFirst(e, x, 3, last, (xn) => e.emit('ConvTranspose', [xn, w], attrs)[0]!)];
};

/** atrousConv2d(value NHWC, filters, rate, padding): a Conv dilated by rate, stride 1. */
const atrousConv2d: ExportHandler = (e, [value, filters, rate, padding]) =>
  [convNd(e, { op: 'atrousConv2d', nd: 2, x: value, filter: filters, strides: 1, padding, dataFormat: 'NHWC', dilations: rate })];

/**
 * separableConv2d: the depthwise step as a grouped Conv (group = in channels, weights [in * mult, 1, kh, kw],
 * dilated by rate) and the pointwise 1x1 Conv, inside one NCHW wrap.
 */
const separableConv2d: ExportHandler = (e, [input, depthwiseFilter, pointwiseFilter, strides, padding, opts]) => {
  const op = 'separableConv2d';
  const o = (opts ?? {}) as { rate?: unknown; dataFormat?: string };
  const last = channelsLastOf(op, o.dataFormat ?? 'NHWC', 2);
  const [kh, kw, cin, mult] = (depthwiseFilter as Tensor).shape as [number, number, number, number];
  const dw = e.emit('Transpose', [e.emit('Reshape', [e.value(depthwiseFilter), e.int64([kh, kw, 1, cin * mult])])[0]!], { perm: [3, 2, 0, 1] })[0]!;
  const pw = convWeights(e, pointwiseFilter, 2);
  const attrs: AttrMap = { ...convAttrs(e, op, input, [kh, kw], 2, last, strides, o.rate, padding), group: cin };
  return [channelsFirst(e, input, 2, last, (xn) => e.emit('Conv', [e.emit('Conv', [xn, dw], attrs)[0]!, pw])[0]!)];
};

/**
 * TF's LRN sums x^2 over 2r + 1 channels and scales the sum by alpha; ONNX LRN takes the window `size` and
 * divides alpha by it, so size = 2r + 1 and ONNX's alpha = alpha * size. NHWC is transposed to NCHW.
 */
const lrn: ExportHandler = (e, [x, depthRadius, bias, alpha, beta]) => {
  const size = 2 * ((depthRadius as number | undefined) ?? 5) + 1;
  const attrs = { size, bias: fAttr((bias as number | undefined) ?? 1), alpha: fAttr(((alpha as number | undefined) ?? 1) * size), beta: fAttr((beta as number | undefined) ?? 0.5) };
  return [channelsFirst(e, x, 2, true, (xn) => e.emit('LRN', [xn], attrs)[0]!)];
};

/** log(1 + exp(-|x|)): never overflows, and 1 + a value in (0, 1] loses nothing that matters at 1e-7. */
function logOnePlusExpNegAbs(e: Emitter, x: string, dt: DType): string {
  const t = e.emit('Exp', [e.emit('Neg', [e.emit('Abs', [x])[0]!])[0]!])[0]!;
  return e.emit('Log', [e.emit('Add', [t, e.value(1, dt)])[0]!])[0]!;
}

/** max(x, 0) - x * z + log(1 + exp(-|x|)) (TF's stable form). */
const sigmoidCrossEntropyWithLogits: ExportHandler = (e, [labels, logits]) => {
  const dt = dtypeOf(logits);
  const x = e.value(logits);
  const z = e.value(labels, dt);
  const lin = e.emit('Sub', [e.emit('Relu', [x])[0]!, e.emit('Mul', [x, z])[0]!])[0]!;
  return e.emit('Add', [lin, logOnePlusExpNegAbs(e, x, dt)]);
};

/** (1 - z) x + (1 + (q - 1) z) (log(1 + exp(-|x|)) + max(-x, 0)). */
const weightedCrossEntropyWithLogits: ExportHandler = (e, [targets, logits, posWeight]) => {
  const dt = dtypeOf(logits);
  const x = e.value(logits);
  const z = e.value(targets, dt);
  const q = e.value(posWeight, dt);
  const onePlus = (v: string) => e.emit('Add', [v, e.value(1, dt)])[0]!;
  const l = onePlus(e.emit('Mul', [e.emit('Sub', [q, e.value(1, dt)])[0]!, z])[0]!);
  const first = e.emit('Mul', [e.emit('Sub', [e.value(1, dt), z])[0]!, x])[0]!;
  const tail = e.emit('Add', [logOnePlusExpNegAbs(e, x, dt), e.emit('Relu', [e.emit('Neg', [x])[0]!])[0]!])[0]!;
  return e.emit('Add', [first, e.emit('Mul', [l, tail])[0]!]);
};

/** -sum(labels * logSoftmax(logits)) along the class axis. */
const softmaxCrossEntropyWithLogits: ExportHandler = (e, [labels, logits, axis]) => {
  const r = rankOf(logits);
  const a0 = (axis as number | undefined) ?? -1;
  const ax = a0 < 0 ? a0 + r : a0;
  const logp = softmaxAlong(e, 'LogSoftmax', e.value(logits), ax, r);
  const s = reduceOver(e, 'ReduceSum', e.emit('Mul', [e.value(labels, dtypeOf(logits)), logp])[0]!, [ax], false);
  return e.emit('Neg', [s]);
};

/** -logSoftmax(logits)[label] along the last axis: LogSoftmax and GatherElements (works from opset 11). */
const sparseSoftmaxCrossEntropyWithLogits: ExportHandler = (e, [labels, logits]) => {
  const r = rankOf(logits);
  const logp = softmaxAlong(e, 'LogSoftmax', e.value(logits), r - 1, r);
  const picked = e.emit('GatherElements', [logp, unsqueezeAt(e, e.value(labels, 'int32'), [r - 1])], { axis: r - 1 })[0]!;
  return e.emit('Neg', [squeezeAt(e, picked, [r - 1])]);
};

/** value + bias along the channels: last for N...C formats, axis 1 (bias as [C, 1, ..., 1]) for NC... */
const biasAdd: ExportHandler = (e, [value, bias, dataFormat]) => {
  const r = rankOf(value);
  const first = typeof dataFormat === 'string' && dataFormat.startsWith('NC');
  let b = e.value(bias, dtypeOf(value));
  if (first && r > 2) b = unsqueezeAt(e, b, Array.from({ length: r - 2 }, (_, i) => i + 1));
  return e.emit('Add', [e.value(value), b]);
};

const xwPlusB = (relu: boolean): ExportHandler => (e, [x, weights, biases]) => {
  const dt = dtypeOf(x);
  const y = e.emit('Add', [e.emit('MatMul', [e.value(x), e.value(weights, dt)])[0]!, e.value(biases, dt)]);
  return relu ? e.emit('Relu', y) : y;
};

/**
 * embeddingLookup: Gather from one table; shards are concatenated into one table (their rows in order), and
 * with TF's 'mod' strategy an id's row there is offset[id % n] + floor(id / n). maxNorm clips each embedding
 * to that L2 norm, as the op does.
 */
const embeddingLookup: ExportHandler = (e, [params, ids, opts]) => {
  const o = (opts ?? {}) as { partitionStrategy?: string; maxNorm?: number | null };
  const shards = Array.isArray(params) ? (params as unknown[]) : [params];
  const idsDtype = dtypeOf(ids, 'int32');
  const idsV = e.value(ids, 'int32');
  let pos = idsV;
  const table = shards.length === 1 ? e.value(shards[0]) : e.emit('Concat', shards.map((s) => e.value(s)), { axis: 0 })[0]!;
  if (shards.length > 1 && (o.partitionStrategy ?? 'mod') === 'mod') {
    const sizes = shards.map((s) => (s instanceof Tensor ? s.shape[0]! : (s as unknown[]).length));
    if (sizes.some((s) => s < 0)) e.fail(`embeddingLookup export needs each shard's row count known, got [${sizes.join(', ')}]`);
    const n = e.value(shards.length, idsDtype);
    const offsets = sizes.map((_, p) => sizes.slice(0, p).reduce((a, b) => a + b, 0));
    const shard = e.emit('Mod', [idsV, n], { fmod: 0 })[0]!;
    // Valid ids are >= 0, where truncating division is floor division.
    pos = e.emit('Add', [e.emit('Gather', [e.value(offsets, idsDtype), shard], { axis: 0 })[0]!, e.emit('Div', [idsV, n])[0]!])[0]!;
  }
  const rows = e.emit('Gather', [table, pos], { axis: 0 })[0]!;
  if (o.maxNorm === undefined || o.maxNorm === null) return [rows];
  const dt = dtypeOf(shards.find((s) => s instanceof Tensor));
  const idsRank = rankOf(ids);
  const rowsRank = idsRank + rankOf(shards[0]) - 1;
  const axes = Array.from({ length: rowsRank - idsRank }, (_, i) => idsRank + i);
  const sq = e.emit('Mul', [rows, rows])[0]!;
  const sumSq = axes.length > 0 ? reduceOver(e, 'ReduceSum', sq, axes, true) : sq;
  const inv = e.emit('Reciprocal', [e.emit('Sqrt', [e.emit('Max', [sumSq, e.value(o.maxNorm * o.maxNorm, dt)])[0]!])[0]!])[0]!;
  return e.emit('Mul', [rows, e.emit('Mul', [inv, e.value(o.maxNorm, dt)])[0]!]);
};

export const NN_EXPORTERS: Record<string, ExportHandler> = {
  conv3d,
  maxPool3d: pool3d('maxPool3d', 'MaxPool'),
  avgPool3d: pool3d('avgPool3d', 'AveragePool'),
  conv3dTranspose,
  atrousConv2d,
  separableConv2d,
  lrn,
  localResponseNormalization: lrn,
  sigmoidCrossEntropyWithLogits,
  weightedCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
  l2Loss: (e, [t]) => {
    const x = e.value(t);
    const s = reduceOver(e, 'ReduceSum', e.emit('Mul', [x, x])[0]!, axesOf(null, rankOf(t)), false);
    return e.emit('Mul', [s, e.value(0.5, dtypeOf(t))]);
  },
  /** The fraction of zeros, a float32 scalar (-0 counts as zero, NaN does not, as Equal does). */
  zeroFraction: (e, [x]) => {
    const zeros = cast(e, e.emit('Equal', [e.value(x), e.value(0, dtypeOf(x))])[0]!, 'float32');
    return [reduceOver(e, 'ReduceMean', zeros, axesOf(null, rankOf(x)), false)];
  },
  biasAdd,
  xwPlusB: xwPlusB(false),
  reluLayer: xwPlusB(true),
  crelu: (e, [x, axis]) => {
    const r = rankOf(x);
    const a0 = (axis as number | undefined) ?? -1;
    const xn = e.value(x);
    return e.emit('Relu', [e.emit('Concat', [xn, e.emit('Neg', [xn])[0]!], { axis: a0 < 0 ? a0 + r : a0 })[0]!]);
  },
  embeddingLookup,
};
