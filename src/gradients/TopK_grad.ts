import type { GradConfig } from '../core/gradients.js';
import { TopK } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { oneHot } from '../ops/one_hot.js';
import { sum } from '../ops/reduction.js';
import { expandDims } from '../ops/shape_ops.js';

/**
 * dx: each value's gradient goes back to the position it came from. one_hot(indices, n) [..., k, n] weighted by
 * dvalues [..., k, 1] and summed over k scatters it (k distinct indices per row, so nothing collides); indices
 * are ints and take no gradient.
 */
export const topKGradConfig: GradConfig<'TopK'> = {
  kernelName: TopK,
  gradFunc: ([dValues], [x], [, indices]) => [
    () => {
      const n = x!.shape[x!.rank - 1]!;
      const rows = oneHot(indices!, n, 1, 0, dValues!.dtype);
      return sum(mul(rows, expandDims(dValues!, -1)), -2);
    },
  ],
};
