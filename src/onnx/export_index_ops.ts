/**
 * Export handlers for indexing and shape ops: broadcastTo, reverse, split/unstack, stridedSlice, gatherND,
 * scatterND, unsortedSegmentSum, oneHot, topK, inTopK, mirrorPad, and the creation and shape ops that stay
 * graph nodes (fill/zeros/ones of a run-time shape, shape, size, rank).
 *
 * range, linspace and eye take only numbers, so they never become graph nodes: the graph holds their values as
 * constants and the exporter writes those as initializers. shape and size are always written as ONNX Shape and
 * Size (never folded to the build-time shape), so a model exported with a symbolic batch keeps working.
 */
import type { DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import type { Emitter, ExportHandler } from './export_ops.js';
import { TO_END, axesOf, cast, dtypeOf, filled, rankOf, reduceOver, shapeValue, sliceAxes, splitSizes, squeezeAt, unsqueezeAt } from './export_helpers.js';

/** int64 indices (GatherND, ScatterND and OneHot take no int32 in onnxruntime or the spec). */
const int64Of = (e: Emitter, x: unknown): string => (x instanceof Tensor && x.dtype === 'int64' ? e.value(x) : cast(e, e.value(x, 'int32'), 'int64'));

const greaterOrEqual = (e: Emitter, a: string, b: string): string =>
  e.opset >= 12 ? e.emit('GreaterOrEqual', [a, b])[0]! : e.emit('Not', [e.emit('Less', [a, b])[0]!])[0]!;

/** tl.reverse: a Slice walking each reversed axis backwards. */
const reverse: ExportHandler = (e, [x, axis]) => {
  const axes = axesOf(axis, rankOf(x));
  if (axes.length === 0) return e.emit('Identity', [e.value(x)]);
  return [sliceAxes(e, e.value(x), axes, axes.map(() => -1), axes.map(() => -TO_END), axes.map(() => -1))];
};

/** tl.split: the pieces' sizes are the outputs' (graph mode resolves a -1 size, and refuses an unknown axis). */
const split: ExportHandler = (e, [x, , axis], _d, outs) => {
  const r = rankOf(x);
  const a0 = (axis as number | undefined) ?? 0;
  const ax = a0 < 0 ? a0 + r : a0;
  const sizes = outs.map((o) => o.shape[ax]!);
  if (sizes.some((s) => s < 0)) e.fail(`split export needs the sizes along axis ${ax} known at export, got [${sizes.join(', ')}]`);
  return splitSizes(e, e.value(x), ax, sizes);
};

/** tl.unstack: Split into ones along the axis, each squeezed. */
const unstack: ExportHandler = (e, [x, axis], _d, outs) => {
  const r = rankOf(x);
  const a0 = (axis as number | undefined) ?? 0;
  const ax = a0 < 0 ? a0 + r : a0;
  if (outs.length === 0) return [];
  const parts = outs.length === 1 ? [e.value(x)] : splitSizes(e, e.value(x), ax, outs.map(() => 1));
  return parts.map((p) => squeezeAt(e, p, [ax]));
};

const bit = (mask: number | undefined, i: number): boolean => (((mask ?? 0) >>> i) & 1) === 1;

interface DenseDim {
  begin: number;
  end: number;
  stride: number;
  beginMasked: boolean;
  endMasked: boolean;
  shrink: boolean;
}

/**
 * tl.stridedSlice: the sparse spec (with its ellipsis, new-axis and shrink masks) is expanded to one entry per
 * input dim as TF's ValidateStridedSliceOp does, then written as one Slice, a Squeeze of the shrunk dims and an
 * Unsqueeze of the new axes. A dim whose size is known gets the exact clamped begin and end tensorlane
 * computes; an unknown dim (a symbolic batch) passes begin and end on, and ONNX clamps them the same way.
 */
const stridedSlice: ExportHandler = (e, [x, begin, end, strides, opts]) => {
  const t = x as Tensor;
  const o = (opts ?? {}) as { beginMask?: number; endMask?: number; ellipsisMask?: number; newAxisMask?: number; shrinkAxisMask?: number };
  const b = begin as number[];
  const en = end as number[];
  const st = (strides as number[] | undefined) ?? b.map(() => 1);
  const n = b.length;
  const rank = t.rank;
  let ellipsisAt = -1;
  for (let i = 0; i < n; i++) if (bit(o.ellipsisMask, i)) ellipsisAt = i;
  const sparseN = ellipsisAt < 0 ? n + 1 : n;
  if (ellipsisAt < 0) ellipsisAt = n;
  let newAfterEllipsis = 0;
  for (let i = ellipsisAt + 1; i < n; i++) if (bit(o.newAxisMask, i)) newAfterEllipsis++;
  const full = (): DenseDim => ({ begin: 0, end: 0, stride: 1, beginMasked: true, endMasked: true, shrink: false });
  const dims: DenseDim[] = Array.from({ length: rank }, () => ({ begin: 0, end: 0, stride: 1, beginMasked: false, endMasked: false, shrink: false }));
  const NEW = -1;
  const gather: number[] = []; // per output dim: the input dim it comes from, or NEW
  let d = 0;
  for (let i = 0; i < sparseN; i++) {
    if (i === ellipsisAt) {
      for (const next = Math.min(rank - (sparseN - i) + 1 + newAfterEllipsis, rank); d < next; d++) {
        dims[d] = full();
        gather.push(d);
      }
    } else if (bit(o.newAxisMask, i)) gather.push(NEW);
    else {
      if (d >= rank) e.fail(`stridedSlice names more dims than x ${JSON.stringify(t.shape)} has`);
      dims[d] = { begin: b[i]!, end: en[i]!, stride: st[i]!, beginMasked: bit(o.beginMask, i), endMasked: bit(o.endMask, i), shrink: bit(o.shrinkAxisMask, i) };
      if (!dims[d]!.shrink) gather.push(d);
      d++;
    }
  }
  const axes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const steps: number[] = [];
  dims.forEach((dd, k) => {
    const size = t.shape[k]!;
    const s = dd.shrink ? 1 : dd.stride;
    let lo: number;
    let hi: number;
    if (dd.shrink) {
      lo = size >= 0 && dd.begin < 0 ? size + dd.begin : dd.begin;
      hi = lo === -1 ? TO_END : lo + 1;
    } else if (size >= 0) {
      // The op's clamping (strided_slice_spec.ts): positions [0, size] forwards, [-1, size - 1] backwards.
      const [min, max] = s > 0 ? [0, size] : [-1, size - 1];
      const canon = (v: number, masked: boolean, isEnd: boolean) => {
        if (masked) return (s > 0) !== isEnd ? min : max;
        const f = v < 0 ? size + v : v;
        return f < min ? min : f > max ? max : f;
      };
      const b0 = canon(dd.begin, dd.beginMasked, false);
      const e0 = canon(dd.end, dd.endMasked, true);
      const count = e0 === b0 || (e0 - b0 < 0) !== (s < 0) ? 0 : Math.ceil((e0 - b0) / s);
      if (count === 0) [lo, hi] = [0, 0];
      else {
        lo = b0;
        hi = b0 + count * s;
        if (hi < 0) hi = -TO_END; // walked past the first element: "before index 0", not "from the end"
      }
    } else {
      lo = dd.beginMasked ? (s > 0 ? 0 : TO_END) : dd.begin;
      hi = dd.endMasked ? (s > 0 ? TO_END : -TO_END) : dd.end;
    }
    const whole = s === 1 && lo === 0 && (hi === TO_END || (size >= 0 && hi === size));
    if (whole) return;
    axes.push(k);
    starts.push(lo);
    ends.push(hi);
    steps.push(lo === 0 && hi === 0 ? 1 : s);
  });
  let y = axes.length === 0 ? e.value(x) : sliceAxes(e, e.value(x), axes, starts, ends, steps);
  y = squeezeAt(e, y, dims.map((dd, k) => (dd.shrink ? k : -1)).filter((k) => k >= 0));
  const newAxes = gather.map((g, i) => (g === NEW ? i : -1)).filter((i) => i >= 0);
  if (newAxes.length > 0) y = unsqueezeAt(e, y, newAxes);
  if (y === e.value(x)) y = e.emit('Identity', [y])[0]!;
  return [y];
};

/** scatterND adds (repeated indices accumulate): ONNX ScatterND's reduction 'add' needs opset 16. */
const scatterND: ExportHandler = (e, [indices, updates, shape]) => {
  if (e.opset < 16) e.fail(`scatterND adds repeated indices, which ONNX ScatterND does (reduction 'add') from opset 16; this export is opset ${e.opset}`);
  const dt = dtypeOf(updates);
  const zeros = filled(e, 0, dt, e.int64(shape as number[]));
  return e.emit('ScatterND', [zeros, int64Of(e, indices), e.value(updates, dt)], { reduction: 'add' });
};

/**
 * unsortedSegmentSum: ScatterND (reduction 'add', opset 16) of data's slices into zeros of
 * [numSegments, ...data.shape[ids.rank:]]; negative ids are dropped, as TF does, by adding their slices as 0.
 */
const unsortedSegmentSum: ExportHandler = (e, [data, segmentIds, numSegments]) => {
  if (e.opset < 16) e.fail(`unsortedSegmentSum is written as ScatterND with reduction 'add', which needs opset 16; this export is opset ${e.opset}`);
  const d = data as Tensor;
  const idsRank = rankOf(segmentIds);
  const ids = int64Of(e, segmentIds);
  const zero64 = e.int64([0], []);
  const dropped = e.emit('Less', [ids, zero64])[0]!;
  const safeIds = e.emit('Where', [dropped, zero64, ids])[0]!;
  const trailing = Array.from({ length: d.rank - idsRank }, (_, i) => idsRank + i);
  const droppedRows = trailing.length > 0 ? unsqueezeAt(e, dropped, trailing) : dropped;
  const updates = e.emit('Where', [droppedRows, e.value(0, d.dtype), e.value(data)])[0]!;
  const rest = d.shape.slice(idsRank);
  const outShape = rest.every((s) => s >= 0)
    ? e.int64([numSegments as number, ...rest])
    : e.emit('Concat', [e.int64([numSegments as number]), sliceAxes(e, e.emit('Shape', [e.value(data)])[0]!, [0], [idsRank], [TO_END])], { axis: 0 })[0]!;
  return e.emit('ScatterND', [filled(e, 0, d.dtype, outShape), unsqueezeAt(e, safeIds, [idsRank]), updates], { reduction: 'add' });
};

/**
 * oneHot: ONNX OneHot with int64 indices, where TF's "a negative index gives all offValue" is kept by moving
 * negative indices to `depth` (ONNX would count them from the end). onnxruntime's OneHot writes float32 and
 * int64 only: int32 and bool come from an int64 one-hot by a Cast, float64 from a 0/1 mask and Where (its
 * values need not fit float32).
 */
const oneHot: ExportHandler = (e, [indices, depth, onValue, offValue, dtype, axis], outDtypes) => {
  const out = (outDtypes[0] ?? (dtype as DType | undefined) ?? 'float32') as DType;
  const num = (v: unknown, d: number) => (v === undefined ? d : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));
  const on = num(onValue, 1);
  const off = num(offValue, 0);
  const idx = int64Of(e, indices);
  const depthV = e.int64([depth as number], []);
  const safe = e.emit('Where', [e.emit('Less', [idx, e.int64([0], [])])[0]!, depthV, idx])[0]!;
  const ax = { axis: (axis as number | undefined) ?? -1 };
  if (out === 'float32') return e.emit('OneHot', [safe, depthV, e.value([off, on], 'float32')], ax);
  if (out !== 'float64') {
    const y = e.emit('OneHot', [safe, depthV, e.value([off, on], 'int64')], ax)[0]!;
    return [out === 'int64' ? y : cast(e, y, out)];
  }
  const mask = cast(e, e.emit('OneHot', [safe, depthV, e.value([0, 1], 'int64')], ax)[0]!, 'bool');
  return e.emit('Where', [mask, e.value(on, out), e.value(off, out)]);
};

/** topK: ONNX TopK (largest, sorted; ties lower index first, as tensorlane) with int64 indices cast to int32. */
const topK: ExportHandler = (e, [x, k], outDtypes) => {
  const [values, indices] = e.emit('TopK', [e.value(x), e.int64([(k as number | undefined) ?? 1])], { axis: -1, largest: 1, sorted: 1 }, 2);
  return [values!, cast(e, indices!, outDtypes[1] ?? 'int32')];
};

/**
 * inTopK (TF semantics): true when fewer than k predictions of the row are strictly larger than the target's,
 * false for a row holding a NaN or infinity and for a target outside [0, classes).
 */
const inTopK: ExportHandler = (e, [predictions, targets, k]) => {
  const p = e.value(predictions);
  const t = int64Of(e, targets);
  const classes = (predictions as Tensor).shape[1]!;
  const n = classes >= 0 ? e.int64([classes], []) : e.emit('Gather', [e.emit('Shape', [p])[0]!, e.int64([1], [])], { axis: 0 })[0]!;
  const zero64 = e.int64([0], []);
  const valid = e.emit('And', [greaterOrEqual(e, t, zero64), e.emit('Less', [t, n])[0]!])[0]!;
  const safe = e.emit('Where', [valid, t, zero64])[0]!;
  const target = e.emit('GatherElements', [p, unsqueezeAt(e, safe, [1])], { axis: 1 })[0]!;
  const count = (b: string) => reduceOver(e, 'ReduceSum', cast(e, b, 'int32'), [1], false);
  const larger = count(e.emit('Greater', [p, target])[0]!);
  const nonFinite = count(e.emit('Or', [e.emit('IsNaN', [p])[0]!, e.emit('IsInf', [p])[0]!])[0]!);
  const inK = e.emit('Less', [larger, e.value(k as number, 'int32')])[0]!;
  const finite = e.emit('Equal', [nonFinite, e.value(0, 'int32')])[0]!;
  return e.emit('And', [e.emit('And', [inK, valid])[0]!, finite]);
};

/**
 * Mirror padding. REFLECT is ONNX Pad mode 'reflect'. SYMMETRIC (the edge repeated) has no ONNX mode; per
 * padded axis it is written as the reversed first `before` and last `after` entries concatenated around x.
 */
export function mirrorPadded(e: Emitter, x: unknown, paddings: number[][], mode: string): string {
  const m = mode.toUpperCase();
  if (m === 'REFLECT') {
    return e.emit('Pad', [e.value(x), e.int64([...paddings.map((p) => p[0]!), ...paddings.map((p) => p[1]!)])], { mode: 'reflect' })[0]!;
  }
  if (m !== 'SYMMETRIC') e.fail(`mirror pad mode '${mode}' cannot be exported`);
  let y = e.value(x);
  paddings.forEach(([before, after], ax) => {
    if (!before && !after) return;
    const parts: string[] = [];
    if (before) parts.push(sliceAxes(e, y, [ax], [before - 1], [-TO_END], [-1]));
    parts.push(y);
    if (after) parts.push(sliceAxes(e, y, [ax], [-1], [-after - 1], [-1]));
    y = e.emit('Concat', parts, { axis: ax })[0]!;
  });
  return y === e.value(x) ? e.emit('Identity', [y])[0]! : y;
}

/** fill/zeros/ones with a shape known only at run time (e.g. from tl.shape): Expand of the value. */
const filledOp = (valueArg: number | null): ExportHandler => (e, args, outDtypes) => {
  const v = valueArg ?? args[1];
  const value = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  return [filled(e, value, outDtypes[0]!, shapeValue(e, args[0]))];
};

export const INDEX_EXPORTERS: Record<string, ExportHandler> = {
  broadcastTo: (e, [x, shape]) => e.emit('Expand', [e.value(x), shapeValue(e, shape)]),
  reverse,
  split,
  unstack,
  stridedSlice,
  gatherND: (e, [params, indices]) => e.emit('GatherND', [e.value(params), int64Of(e, indices)]),
  scatterND,
  unsortedSegmentSum,
  oneHot,
  topK,
  inTopK,
  mirrorPad: (e, [x, paddings, mode]) => [mirrorPadded(e, x, paddings as number[][], mode as string)],
  fill: filledOp(null),
  zeros: filledOp(0),
  ones: filledOp(1),
  shape: (e, [x], outDtypes) => {
    const s = e.emit('Shape', [e.value(x)])[0]!;
    return [outDtypes[0] === 'int64' ? s : cast(e, s, outDtypes[0] ?? 'int32')];
  },
  size: (e, [x], outDtypes) => {
    const s = e.emit('Size', [e.value(x)])[0]!;
    return [outDtypes[0] === 'int64' ? s : cast(e, s, outDtypes[0] ?? 'int32')];
  },
  rank: (e, [x]) => [e.emit('Identity', [e.value(rankOf(x), 'int32')])[0]!],
};
