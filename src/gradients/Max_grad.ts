import type { GradConfig } from '../core/gradients.js';
import type { Tensor } from '../core/tensor.js';
import { Max, Min } from '../core/kernel_names.js';
import type { ReduceAttrs } from '../core/kernel_attrs.js';
import { div, mul } from '../ops/arithmetic.js';
import { cast } from '../ops/cast.js';
import { equal } from '../ops/compare.js';
import { sum } from '../ops/reduction.js';
import { asKept } from './reduce_grad_util.js';

/**
 * TF 1.x's reduce_max/reduce_min gradient: dy goes to the elements equal to the result, split evenly among
 * ties: dy * (x == y) / count(x == y). A group whose result is NaN gets NaN (0 / 0).
 */
function extremeGrad(dy: Tensor, x: Tensor, y: Tensor, { axes }: ReduceAttrs): Tensor {
  const mask = cast(equal(x, asKept(y, x.shape, axes)), x.dtype);
  const count = sum(mask, axes, true);
  return div(mul(mask, asKept(dy, x.shape, axes)), count);
}

export const maxGrad: GradConfig<'Max'> = {
  kernelName: Max,
  gradFunc: ([dy], [x], [y], attrs) => [() => extremeGrad(dy!, x!, y!, attrs)],
};

export const minGrad: GradConfig<'Min'> = {
  kernelName: Min,
  gradFunc: ([dy], [x], [y], attrs) => [() => extremeGrad(dy!, x!, y!, attrs)],
};
