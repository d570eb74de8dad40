/** tf.add_n. */
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add } from './arithmetic.js';
import { identity } from './cast.js';

/**
 * Elementwise sum of a list of tensors of one shape and dtype (no broadcasting, as in TF). A composite of adds,
 * so the gradient hands the upstream gradient to every input unchanged. One tensor comes back as a copy.
 */
export function addN(tensors: readonly TensorLike[]): Tensor {
  const op = 'addN';
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ArgumentError(`${op}: 'tensors' must be a non-empty array of tensors, got ${Array.isArray(tensors) ? '[]' : String(tensors)}`);
  }
  const list = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, op));
  const first = list[0]!;
  list.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new DTypeError(`${op}: 'tensors[${i}]' is ${t.dtype}, 'tensors[0]' is ${first.dtype}; every tensor must have one dtype`);
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(`${op}: 'tensors[${i}]' has shape ${fmtShape(t.shape)}, 'tensors[0]' has ${fmtShape(first.shape)}; every tensor must have one shape`);
    }
  });
  if (list.length === 1) return identity(first);
  // A balanced tree of adds: fewer rounding steps in a row than a left fold.
  let level = list;
  while (level.length > 1) {
    const next: Tensor[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(add(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
