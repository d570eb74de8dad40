/**
 * Small emitters the export handlers share: opset-dependent forms (reductions' axes, Squeeze/Unsqueeze axes,
 * Split sizes), casts to tensorlane's dtypes, slices and run-time shapes.
 */
import type { DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import { convPads } from '../ops/conv_util.js';
import type { Emitter } from './export_ops.js';

/** ONNX TensorProto element types of tensorlane's dtypes. */
export const ONNX_DTYPE: Record<DType, number> = { float32: 1, float64: 11, int32: 6, int64: 7, bool: 9 };

/** An int64 end that ONNX Slice clamps to "past the last element" (and its negative, "before the first"). */
export const TO_END = Number.MAX_SAFE_INTEGER;

export const fAttr = (v: number) => ({ f: v });

/** A tensor argument's dtype; a JS value takes `dflt` (the other operand's dtype, or float32). */
export const dtypeOf = (x: unknown, dflt: DType = 'float32'): DType => (x instanceof Tensor ? x.dtype : dflt);

/** The dtype two operands share: the first tensor's (JS numbers take it, as the ops do). */
export const pairDtype = (a: unknown, b: unknown): DType => (a instanceof Tensor ? a.dtype : dtypeOf(b));

export const rankOf = (x: unknown): number => (x instanceof Tensor ? x.rank : Array.isArray(x) ? 1 : 0);

/** `axis` (an int, a list or null for every axis) as sorted non-negative axes of a rank-`rank` tensor. */
export function axesOf(axis: unknown, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return [...new Set(list.map((a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
}

export function cast(e: Emitter, x: string, to: DType): string {
  return e.emit('Cast', [x], { to: ONNX_DTYPE[to] })[0]!;
}

export function unsqueezeAt(e: Emitter, x: string, axes: number[]): string {
  return e.opset >= 13 ? e.emit('Unsqueeze', [x, e.int64(axes)])[0]! : e.emit('Unsqueeze', [x], { axes })[0]!;
}

export function squeezeAt(e: Emitter, x: string, axes: number[]): string {
  if (axes.length === 0) return x;
  return e.opset >= 13 ? e.emit('Squeeze', [x, e.int64(axes)])[0]! : e.emit('Squeeze', [x], { axes })[0]!;
}

/**
 * An ONNX reduction over `axes`. The axes moved from an attribute to an input in opset 13 (ReduceSum) and 18
 * (the others). An empty axes list reduces nothing here (tensorlane's reductions over no axes are copies).
 */
export function reduceOver(e: Emitter, op: string, x: string, axes: number[], keep: boolean): string {
  if (axes.length === 0) return e.emit('Identity', [x])[0]!;
  const k = keep ? 1 : 0;
  const asInput = op === 'ReduceSum' ? e.opset >= 13 : e.opset >= 18;
  return asInput ? e.emit(op, [x, e.int64(axes)], { keepdims: k })[0]! : e.emit(op, [x], { axes, keepdims: k })[0]!;
}

/** Slice with per-axis starts, ends and steps (ends clamp, so ±TO_END mean "to the end" either way). */
export function sliceAxes(e: Emitter, x: string, axes: number[], starts: number[], ends: number[], steps?: number[]): string {
  const ins = [x, e.int64(starts), e.int64(ends), e.int64(axes)];
  if (steps) ins.push(e.int64(steps));
  return e.emit('Slice', ins)[0]!;
}

/** Split of `x` along `axis` into pieces of the given sizes (an input from opset 13, an attribute before). */
export function splitSizes(e: Emitter, x: string, axis: number, sizes: number[]): string[] {
  if (e.opset >= 13) return e.emit('Split', [x, e.int64(sizes)], { axis }, sizes.length);
  return e.emit('Split', [x], { axis, split: sizes }, sizes.length);
}

/**
 * A shape argument (an array of numbers, an int tensor, or an array mixing numbers and int scalar tensors, as
 * tl.fill and tl.reshape take) as an int64 1-D value name.
 */
export function shapeValue(e: Emitter, shape: unknown): string {
  if (shape instanceof Tensor) return shape.dtype === 'int64' ? e.value(shape) : cast(e, e.value(shape), 'int64');
  const list = shape as unknown[];
  if (!list.some((d) => d instanceof Tensor)) return e.int64(list as number[]);
  const parts = list.map((d) => {
    if (!(d instanceof Tensor)) return e.int64([d as number]);
    const v = d.dtype === 'int64' ? e.value(d) : cast(e, e.value(d), 'int64');
    return e.emit('Reshape', [v, e.int64([1])])[0]!;
  });
  return e.emit('Concat', parts, { axis: 0 })[0]!;
}

/** A scalar of `dtype` expanded to a shape (an int64 1-D value): a constant filled at run time. */
export function filled(e: Emitter, value: number, dtype: DType, shape: string): string {
  return e.emit('Expand', [e.value(value, dtype), shape])[0]!;
}

/** x with `axis` moved last (and the permutation back), for ops that only work on the last axis. */
export function lastAxisPerm(rank: number, axis: number): { to: number[]; back: number[] } | null {
  if (axis === rank - 1) return null;
  const to = [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis), axis];
  const back = to.map((_, i) => to.indexOf(i));
  return { to, back };
}

/**
 * Softmax or LogSoftmax along `axis`. Before opset 13 these ops flatten the input to 2-D at `axis` (a softmax
 * over every later axis together), so a non-last axis is moved last around the op there.
 */
export function softmaxAlong(e: Emitter, op: 'Softmax' | 'LogSoftmax', x: string, axis: number, rank: number): string {
  const a = axis < 0 ? axis + rank : axis;
  if (e.opset >= 13) return e.emit(op, [x], { axis: a })[0]!;
  const p = lastAxisPerm(rank, a);
  if (!p) return e.emit(op, [x], { axis: a })[0]!;
  const t = e.emit('Transpose', [x], { perm: p.to })[0]!;
  return e.emit('Transpose', [e.emit(op, [t], { axis: rank - 1 })[0]!], { perm: p.back })[0]!;
}

/**
 * The padding attributes of a convolution with TF's SAME padding. auto_pad SAME_UPPER is TF's rule (the odd
 * cell at the end) and works for sizes unknown at export, but onnxruntime refuses it together with dilations:
 * a dilated convolution gets the explicit pads instead, computed from its spatial sizes.
 */
export function sameConvPads(e: Emitter, inSpatial: readonly number[], kernel: readonly number[], strides: number[], dilations: number[]): Record<string, string | number[]> {
  if (dilations.every((d) => d === 1)) return { auto_pad: 'SAME_UPPER' };
  if (inSpatial.some((d) => d < 0)) {
    e.fail(`a dilated convolution with SAME padding needs its spatial sizes known at export (got [${inSpatial.join(', ')}]): onnxruntime takes no auto_pad SAME with dilations`);
  }
  const pairs = convPads(inSpatial, kernel, strides, dilations, 'SAME');
  const n = inSpatial.length;
  return { pads: [...Array.from({ length: n }, (_, i) => pairs[2 * i]!), ...Array.from({ length: n }, (_, i) => pairs[2 * i + 1]!)] };
}

/** The spatial sizes of a conv input of nd spatial dims (batched or one example, channels last or first). */
export function spatialSizes(x: unknown, nd: number, channelsLast: boolean): number[] {
  const s = (x as Tensor).shape;
  const batched = s.length === nd + 2;
  const start = (batched ? 1 : 0) + (channelsLast ? 0 : 1);
  return s.slice(start, start + nd);
}
