import type { GradConfig } from '../core/gradients.js';
import { GatherV2 } from '../core/kernel_names.js';
import { sizeFromShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { tensor } from '../core/tensor_util.js';
import { add } from '../ops/arithmetic.js';
import { reshape } from '../ops/reshape.js';
import { unsortedSegmentSum } from '../ops/scatter.js';
import { transpose } from '../ops/transpose.js';

/**
 * Gradient of gather for params: a scatter-add of dy into zeros of params' shape (repeated indices
 * accumulate), done with unsortedSegmentSum, which segments along leading dims only. With params viewed as
 * [B.., O.., N, I..] (batch dims, outer dims, the gathered axis, inner dims) and dy as [B.., O.., J.., I..]:
 *   1. move J before O: dy -> [B.., J.., O.., I..], flattened to [B*J, O.., I..];
 *   2. segment ids = indices + b*N for batch row b, so each batch row scatters into its own block of N;
 *   3. unsortedSegmentSum -> [B*N, O.., I..] -> [B.., N, O.., I..], then move N back after O.
 * The transposes are skipped when there are no outer dims (axis == batchDims, e.g. the common axis 0).
 * (A sparse IndexedSlices gradient for optimizers would avoid the dense zeros; not done yet.)
 */
export function gatherParamsGrad(dy: Tensor, paramsShape: readonly number[], indices: Tensor, axis: number, batchDims: number): Tensor {
  const bShape = paramsShape.slice(0, batchDims);
  const oShape = paramsShape.slice(batchDims, axis);
  const iShape = paramsShape.slice(axis + 1);
  const jShape = indices.shape.slice(batchDims);
  const N = paramsShape[axis]!;
  const B = sizeFromShape(bShape), J = sizeFromShape(jShape);
  const nb = bShape.length, no = oShape.length, nj = jShape.length, ni = iShape.length;
  const range = (start: number, n: number) => Array.from({ length: n }, (_, i) => start + i);
  let g = dy;
  if (no > 0 && nj > 0) {
    g = transpose(g, [...range(0, nb), ...range(nb + no, nj), ...range(nb, no), ...range(nb + no + nj, ni)]);
  }
  g = reshape(g, [B * J, ...oShape, ...iShape]);
  let ids = reshape(indices, [B * J]);
  if (B > 1) {
    const offsets = Array.from({ length: B * J }, (_, q) => Math.floor(q / J) * N);
    ids = add(ids, tensor(offsets, [B * J], indices.dtype));
  }
  let s = unsortedSegmentSum(g, ids, B * N);
  s = reshape(s, [...bShape, N, ...oShape, ...iShape]);
  if (no > 0) s = transpose(s, [...range(0, nb), ...range(nb + 1, no), nb, ...range(nb + 1 + no, ni)]);
  return s;
}

export const gatherV2Grad: GradConfig<'GatherV2'> = {
  kernelName: GatherV2,
  gradFunc: ([dy], [params, indices], _outputs, attrs) => {
    const { axis, batchDims } = attrs;
    return [() => gatherParamsGrad(dy!, params!.shape, indices!, axis, batchDims), null];
  },
};
