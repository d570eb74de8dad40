import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { checkOptions, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { StridedSliceAttrs } from '../core/kernel_attrs.js';
import { stridedSliceSpec } from '../core/strided_slice_spec.js';

export interface StridedSliceOptions {
  beginMask?: number;
  endMask?: number;
  ellipsisMask?: number;
  newAxisMask?: number;
  shrinkAxisMask?: number;
}

const MASKS = ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask'] as const;

/**
 * TF's strided slice: x[begin:end:strides] per dim, with negative indices counting from the end, negative strides
 * walking backwards, and the masks of `opts` (see strided_slice_spec.ts): bit i of beginMask/endMask ignores
 * begin[i]/end[i]; ellipsisMask marks the entry standing for all unnamed dims; newAxisMask inserts a size-1 dim;
 * shrinkAxisMask takes the single index begin[i] and drops the dim. `strides` defaults to all 1. Any dtype.
 */
export function stridedSlice(
  x: TensorLike,
  begin: readonly number[],
  end: readonly number[],
  strides?: readonly number[],
  opts: StridedSliceOptions = {},
): Tensor {
  const t = convertToTensor(x, 'x', 'stridedSlice');
  for (const [name, v] of [['begin', begin], ['end', end], ['strides', strides === undefined ? [] : strides]] as const) {
    if (!Array.isArray(v)) throw new ArgumentError(`stridedSlice: '${name}' must be an array of integers, got ${String(v)}`);
  }
  checkOptions('stridedSlice', opts, MASKS);
  opts ??= {};
  const attrs: StridedSliceAttrs = {
    begin: [...begin],
    end: [...end],
    strides: strides === undefined ? begin.map(() => 1) : [...strides],
    beginMask: opts.beginMask ?? 0,
    endMask: opts.endMask ?? 0,
    ellipsisMask: opts.ellipsisMask ?? 0,
    newAxisMask: opts.newAxisMask ?? 0,
    shrinkAxisMask: opts.shrinkAxisMask ?? 0,
  };
  const spec = stridedSliceSpec(t.shape, attrs, 'stridedSlice');
  return ENGINE.runKernel(K.StridedSlice, [t], { ...attrs }, { shape: spec.outShape, dtype: t.dtype });
}

/**
 * The gradient of a strided slice (not exported publicly): zeros of `shape` with dy written where the slice read.
 * Linear in dy; its own gradient is the strided slice.
 */
export function stridedSliceGrad(dy: Tensor, shape: readonly number[], attrs: StridedSliceAttrs): Tensor {
  assertDType('stridedSliceGrad', 'dy', dy.dtype, FLOAT_DTYPES);
  const spec = stridedSliceSpec(shape, attrs, 'stridedSliceGrad');
  if (!shapesEqual(spec.outShape, dy.shape)) {
    throw new ShapeError(`stridedSliceGrad: 'dy' ${fmtShape(dy.shape)} is not the slice's shape ${fmtShape(spec.outShape)}`);
  }
  return ENGINE.runKernel(K.StridedSliceGrad, [dy], { ...attrs, shape: [...shape] }, { shape: [...shape], dtype: dy.dtype });
}

/** The StridedSlice attrs of a kernel's attrs object (dropping StridedSliceGrad's `shape`). */
export function stridedSliceAttrs(a: StridedSliceAttrs): StridedSliceAttrs {
  const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = a;
  return { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask };
}
