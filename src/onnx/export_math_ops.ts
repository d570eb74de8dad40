/**
 * Export handlers for math ops: arg-extremes and the other reductions (all/any, prod, logSumExp, norm,
 * l2Normalize), running sums and products, floored division and modulo, logic, the trigonometric and
 * hyperbolic functions, and small linear-algebra helpers (addN, dot, outer, prelu).
 *
 * Where ONNX has no operator, or its operator differs from tensorlane's op, the handler writes a composite and
 * says why: ONNX Mod on floats is C's fmod (sign of the dividend) while tl.mod is floored (sign of the
 * divisor); ONNX Div on ints truncates while tl.floorDiv (and tl.div on ints) floors; expm1/log1p have no
 * ONNX operator, and exp(x) - 1 or log(1 + x) would lose every digit near 0, so Kahan's compensated forms are
 * written; there is no CumProd below opset 24, so cumprod is a masked product.
 */
import type { DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import type { Emitter, ExportHandler } from './export_ops.js';
import { axesOf, cast, dtypeOf, pairDtype, rankOf, reduceOver, squeezeAt, unsqueezeAt } from './export_helpers.js';

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

/** Both operands of a binary op as value names of their shared dtype. */
function operands(e: Emitter, a: unknown, b: unknown): [string, string, DType] {
  const dt = pairDtype(a, b);
  return [e.value(a, dt), e.value(b, dt), dt];
}

const unary = (op: string): ExportHandler => (e, [x]) => e.emit(op, [e.value(x)]);
const logical = (op: string): ExportHandler => (e, [a, b]) => e.emit(op, [e.value(a, 'bool'), e.value(b, 'bool')]);

/** argMax/argMin: ONNX gives int64 indices (first index on ties, as tensorlane); cast to the op's int32. */
const argExtreme = (op: 'ArgMax' | 'ArgMin'): ExportHandler => (e, [x, axis], outDtypes) => {
  const r = rankOf(x);
  const a0 = (axis as number | undefined) ?? 0;
  const y = e.emit(op, [e.value(x)], { axis: a0 < 0 ? a0 + r : a0, keepdims: 0 })[0]!;
  return [cast(e, y, outDtypes[0] ?? 'int32')];
};

/**
 * all/any over bool: ONNX reductions take no bool before opset 20, so the values are counted as int32.
 * all = no false in the group, any = some true; an empty group gives true and false, as tensorlane.
 */
const boolReduce = (kind: 'all' | 'any'): ExportHandler => (e, [x, axis, keepDims]) => {
  const xb = e.value(x, 'bool');
  const axes = axesOf(axis, rankOf(x));
  const counted = cast(e, kind === 'all' ? e.emit('Not', [xb])[0]! : xb, 'int32');
  const n = reduceOver(e, 'ReduceSum', counted, axes, !!keepDims);
  return kind === 'all' ? e.emit('Equal', [n, e.value(0, 'int32')]) : e.emit('Greater', [n, e.value(0, 'int32')]);
};

const reduction = (op: string): ExportHandler => (e, [x, axis, keepDims]) => [reduceOver(e, op, e.value(x), axesOf(axis, rankOf(x)), !!keepDims)];

/** tl.norm: vector norms (euclidean/2, 1, Infinity, any p > 0) and matrix norms (fro, 1, Infinity), as the op. */
const norm: ExportHandler = (e, [x, ord, axis, keepDims]) => {
  const r = rankOf(x);
  const keep = !!keepDims;
  const o = ord ?? 'euclidean';
  const xn = e.value(x);
  const dt = dtypeOf(x);
  const abs = () => e.emit('Abs', [xn])[0]!;
  const sumSq = (axes: number[], k: boolean) => reduceOver(e, 'ReduceSum', e.emit('Mul', [xn, xn])[0]!, axes, k);
  const list = axis === null || axis === undefined ? null : typeof axis === 'number' ? [axis] : [...(axis as number[])];
  if (list === null || list.length === 1) {
    const axes = axesOf(list, r);
    if (o === 'euclidean' || o === 'fro' || o === 2) return e.emit('Sqrt', [sumSq(axes, keep)]);
    if (o === 1) return [reduceOver(e, 'ReduceSum', abs(), axes, keep)];
    if (o === Infinity) return [reduceOver(e, 'ReduceMax', abs(), axes, keep)];
    if (typeof o !== 'number') return e.fail(`norm ord ${String(o)} cannot be exported`);
    const s = reduceOver(e, 'ReduceSum', e.emit('Pow', [abs(), e.value(o, dt)])[0]!, axes, keep);
    return e.emit('Pow', [s, e.value(1 / o, dt)]);
  }
  const [rw, cl] = axesOf(list[0], r).concat(axesOf(list[1], r));
  let y: string;
  if (o === 'euclidean' || o === 'fro') y = e.emit('Sqrt', [sumSq([rw!, cl!], true)])[0]!;
  else if (o === 1) y = reduceOver(e, 'ReduceMax', reduceOver(e, 'ReduceSum', abs(), [rw!], true), [cl!], true);
  else if (o === Infinity) y = reduceOver(e, 'ReduceMax', reduceOver(e, 'ReduceSum', abs(), [cl!], true), [rw!], true);
  else return e.fail(`norm ord ${String(o)} of a matrix cannot be exported`);
  return [keep ? y : squeezeAt(e, y, [rw!, cl!].sort((p, q) => p - q))];
};

/** x / sqrt(max(sum(x^2, axes), epsilon)), written with the op's rsqrt form. */
const l2Normalize: ExportHandler = (e, [x, axis, epsilon]) => {
  const xn = e.value(x);
  const s = reduceOver(e, 'ReduceSum', e.emit('Mul', [xn, xn])[0]!, axesOf(axis, rankOf(x)), true);
  const m = e.emit('Max', [s, e.value((epsilon as number | undefined) ?? 1e-12, dtypeOf(x))])[0]!;
  return e.emit('Mul', [xn, e.emit('Reciprocal', [e.emit('Sqrt', [m])[0]!])[0]!]);
};

/** Floored modulo: ONNX Mod (fmod 0) is floored for ints; floats take C's fmod, moved to the divisor's sign. */
function flooredMod(e: Emitter, a: string, b: string, dt: DType): string {
  if (!isFloat(dt)) return e.emit('Mod', [a, b], { fmod: 0 })[0]!;
  const r = e.emit('Mod', [a, b], { fmod: 1 })[0]!;
  const zero = e.value(0, dt);
  const nonZero = e.emit('Not', [e.emit('Equal', [r, zero])[0]!])[0]!;
  const signsDiffer = e.emit('Xor', [e.emit('Less', [r, zero])[0]!, e.emit('Less', [b, zero])[0]!])[0]!;
  return e.emit('Where', [e.emit('And', [nonZero, signsDiffer])[0]!, e.emit('Add', [r, b])[0]!, r])[0]!;
}

/** Floored division: floor(a / b) for floats; for ints (a - floorMod(a, b)) / b, which divides exactly. */
function flooredDiv(e: Emitter, a: string, b: string, dt: DType): string {
  if (isFloat(dt)) return e.emit('Floor', [e.emit('Div', [a, b])[0]!])[0]!;
  return e.emit('Div', [e.emit('Sub', [a, flooredMod(e, a, b, dt)])[0]!, b])[0]!;
}

/** tl.div: true division of floats, floored division of ints (TF 1.x's div), never ONNX's truncation. */
const div: ExportHandler = (e, [a, b]) => {
  const [an, bn, dt] = operands(e, a, b);
  return [isFloat(dt) ? e.emit('Div', [an, bn])[0]! : flooredDiv(e, an, bn, dt)];
};

/** tl.step: 1 where x > 0, alpha elsewhere, NaN kept. */
const step: ExportHandler = (e, [x, alpha]) => {
  const xn = e.value(x);
  const dt = dtypeOf(x);
  const y = e.emit('Where', [e.emit('Greater', [xn, e.value(0, dt)])[0]!, e.value(1, dt), e.value((alpha as number | undefined) ?? 0, dt)])[0]!;
  return e.emit('Where', [e.emit('IsNaN', [xn])[0]!, xn, y]);
};

/** expm1 as Kahan's (u - 1) * x / log(u), u = e^x: exact where u rounds to 1, and accurate near 0. */
const expm1: ExportHandler = (e, [x]) => {
  const xn = e.value(x);
  const dt = dtypeOf(x);
  const u = e.emit('Exp', [xn])[0]!;
  const um1 = e.emit('Sub', [u, e.value(1, dt)])[0]!;
  const ratio = e.emit('Div', [e.emit('Mul', [um1, xn])[0]!, e.emit('Log', [u])[0]!])[0]!;
  const small = e.emit('Where', [e.emit('Equal', [um1, e.value(-1, dt)])[0]!, e.value(-1, dt), ratio])[0]!;
  const y = e.emit('Where', [e.emit('Equal', [u, e.value(1, dt)])[0]!, xn, small])[0]!;
  return e.emit('Where', [e.emit('IsInf', [u])[0]!, u, y]); // e^x overflowed: expm1 is +inf too
};

/** log1p as Kahan's log(u) * x / (u - 1), u = 1 + x: x itself where u rounds to 1, accurate near 0. */
const log1p: ExportHandler = (e, [x]) => {
  const xn = e.value(x);
  const dt = dtypeOf(x);
  const u = e.emit('Add', [xn, e.value(1, dt)])[0]!;
  const logU = e.emit('Log', [u])[0]!;
  const ratio = e.emit('Div', [e.emit('Mul', [logU, xn])[0]!, e.emit('Sub', [u, e.value(1, dt)])[0]!])[0]!;
  const y = e.emit('Where', [e.emit('Equal', [u, e.value(1, dt)])[0]!, xn, ratio])[0]!;
  return e.emit('Where', [e.emit('IsInf', [u])[0]!, logU, y]); // log1p(+inf) = inf, log1p(-inf) = NaN
};

/**
 * atan2(a, b) = atan(a / b), plus pi (a >= 0) or minus pi (a < 0) where b < 0, and 0 at the origin. Signed
 * zeros (atan2(0, -0) = pi in C) and two infinite operands (atan2(inf, inf) = pi / 4) are not distinguished.
 */
const atan2: ExportHandler = (e, [a, b]) => {
  const [an, bn, dt] = operands(e, a, b);
  const zero = e.value(0, dt);
  const q = e.emit('Atan', [e.emit('Div', [an, bn])[0]!])[0]!;
  const halfTurn = e.emit('Where', [e.emit('Less', [an, zero])[0]!, e.value(-Math.PI, dt), e.value(Math.PI, dt)])[0]!;
  const shifted = e.emit('Where', [e.emit('Less', [bn, zero])[0]!, e.emit('Add', [q, halfTurn])[0]!, q])[0]!;
  const origin = e.emit('And', [e.emit('Equal', [an, zero])[0]!, e.emit('Equal', [bn, zero])[0]!])[0]!;
  return e.emit('Where', [origin, zero, shifted]);
};

/** addN: ONNX Sum for floats (onnxruntime's Sum takes no ints); ints add in tensorlane's balanced tree. */
const addN: ExportHandler = (e, [tensors]) => {
  const list = tensors as unknown[];
  const dt = dtypeOf(list.find((t) => t instanceof Tensor));
  let level = list.map((t) => e.value(t, dt));
  if (level.length === 1) return e.emit('Identity', level);
  if (isFloat(dt)) return e.emit('Sum', level);
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(e.emit('Add', [level[i]!, level[i + 1]!])[0]!);
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level;
};

/** cumsum: ONNX CumSum (axis as an input, exclusive and reverse as attributes). */
const cumsum: ExportHandler = (e, [x, axis, exclusive, reverse]) => {
  const r = rankOf(x);
  const a0 = (axis as number | undefined) ?? 0;
  return e.emit('CumSum', [e.value(x), e.int64([a0 < 0 ? a0 + r : a0], [])], { exclusive: exclusive ? 1 : 0, reverse: reverse ? 1 : 0 });
};

/** Longest axis cumprod writes (its masked product holds n * n values per row). */
const MAX_CUMPROD_LENGTH = 1024;

/**
 * cumprod has no ONNX operator before opset 24. Output i along the axis is the product of the inputs j <= i
 * (j < i exclusive, j >= i / j > i reversed): x is repeated along a new axis, the other positions set to 1 by a
 * constant [n, n] mask, and ReduceProd takes the product. Exact (zeros included) but n^2 in size, so the
 * axis length must be known and at most MAX_CUMPROD_LENGTH.
 */
const cumprod: ExportHandler = (e, [x, axis, exclusive, reverse]) => {
  const t = x as Tensor;
  const a0 = (axis as number | undefined) ?? 0;
  const a = a0 < 0 ? a0 + t.rank : a0;
  const n = t.shape[a]!;
  if (n < 0) e.fail(`cumprod export needs the length of axis ${a} known at export (x is ${JSON.stringify(t.shape)}): it is written as a masked product`);
  if (n > MAX_CUMPROD_LENGTH) e.fail(`cumprod export writes an n x n masked product; axis ${a} has ${n} > ${MAX_CUMPROD_LENGTH} entries`);
  const keep = (i: number, j: number) => (reverse ? (exclusive ? j > i : j >= i) : exclusive ? j < i : j <= i);
  const mask: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mask.push(keep(i, j) ? 1 : 0);
  const maskDims = [n, n, ...new Array<number>(t.rank - a - 1).fill(1)];
  const m = e.emit('Reshape', [e.value(mask, 'bool'), e.int64(maskDims)])[0]!;
  const rows = e.emit('Where', [m, unsqueezeAt(e, e.value(x), [a]), e.value(1, t.dtype)])[0]!;
  return [reduceOver(e, 'ReduceProd', rows, [a + 1], false)];
};

export const MATH_EXPORTERS: Record<string, ExportHandler> = {
  argMax: argExtreme('ArgMax'),
  argMin: argExtreme('ArgMin'),
  all: boolReduce('all'),
  any: boolReduce('any'),
  prod: reduction('ReduceProd'),
  logSumExp: reduction('ReduceLogSumExp'),
  norm,
  l2Normalize,
  squaredDifference: (e, [a, b]) => {
    const [an, bn] = operands(e, a, b);
    const d = e.emit('Sub', [an, bn])[0]!;
    return e.emit('Mul', [d, d]);
  },
  div,
  mod: (e, [a, b]) => {
    const [an, bn, dt] = operands(e, a, b);
    return [flooredMod(e, an, bn, dt)];
  },
  floorDiv: (e, [a, b]) => {
    const [an, bn, dt] = operands(e, a, b);
    return [flooredDiv(e, an, bn, dt)];
  },
  logicalAnd: logical('And'),
  logicalOr: logical('Or'),
  logicalXor: logical('Xor'),
  isNaN: unary('IsNaN'),
  isFinite: (e, [x]) => {
    const xn = e.value(x);
    return e.emit('Not', [e.emit('Or', [e.emit('IsNaN', [xn])[0]!, e.emit('IsInf', [xn])[0]!])[0]!]);
  },
  step,
  tan: unary('Tan'),
  asin: unary('Asin'),
  acos: unary('Acos'),
  atan: unary('Atan'),
  sinh: unary('Sinh'),
  cosh: unary('Cosh'),
  expm1,
  log1p,
  atan2,
  stopGradient: unary('Identity'),
  clone: unary('Identity'),
  addN,
  cumsum,
  cumprod,
  /** tfjs's dot (vector/matrix in any combination) is numpy's matmul on rank 1 and 2, which ONNX MatMul is. */
  dot: (e, [a, b]) => {
    const dt = pairDtype(a, b);
    return e.emit('MatMul', [e.value(a, dt), e.value(b, dt)]);
  },
  outer: (e, [a, b]) => {
    const [an, bn] = operands(e, a, b);
    return e.emit('Mul', [unsqueezeAt(e, an, [1]), unsqueezeAt(e, bn, [0])]);
  },
  /** ONNX PRelu broadcasts the slope to x from the right, as tl.prelu requires. */
  prelu: (e, [x, alpha]) => e.emit('PRelu', [e.value(x), e.value(alpha, dtypeOf(x))]),
};
