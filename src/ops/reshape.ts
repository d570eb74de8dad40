import { ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { sizeFromShape, validateShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { shapeValues, type ShapeLike } from './op_util.js';

/** Resolves one -1 in `shape` against `size`, checking the element count. */
export function resolveShape(op: string, inShape: readonly number[], shape: readonly number[]): number[] {
  // Checked with the -1 replaced by 1, so a non-array, a huge or a non-integer dimension is a typed error here.
  if (!Array.isArray(shape)) validateShape(op, shape);
  validateShape(op, shape.map((d) => (d === -1 ? 1 : d)));
  const size = sizeFromShape(inShape);
  let unknown = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw new ShapeError(`${op}: 'shape' ${fmtShape(shape)} has more than one -1`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: 'shape' ${fmtShape(shape)} has an invalid dimension ${d}`);
    else known *= d;
  });
  const out = [...shape];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: cannot reshape a tensor of shape ${fmtShape(inShape)} (${size} elements) into ${fmtShape(shape)}`);
    }
    out[unknown] = size / known;
    validateShape(op, out);
  } else if (known !== size) {
    throw new ShapeError(`${op}: cannot reshape a tensor of shape ${fmtShape(inShape)} (${size} elements) into ${fmtShape(shape)} (${known} elements)`);
  }
  return out;
}

/** Same data, new shape (one dimension may be -1); the shape may be a 1-D int tensor (tl.shape(y)). */
export function reshape(x: TensorLike, shape: ShapeLike): Tensor {
  const t = convertToTensor(x, 'x', 'reshape');
  const s = resolveShape('reshape', t.shape, shapeValues('reshape', shape));
  return ENGINE.runKernel(K.Reshape, [t], { shape: s }, { shape: s, dtype: t.dtype });
}
