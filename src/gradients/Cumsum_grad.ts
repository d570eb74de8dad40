import type { GradConfig } from '../core/gradients.js';
import { Cumprod, Cumsum } from '../core/kernel_names.js';
import { div, mul } from '../ops/arithmetic.js';
import { cumsum } from '../ops/cumulative.js';

/** y_k sums x_i over i before (or at) k, so dx_i sums dy_k over k after (or at) i: the scan reversed. */
export const cumsumGrad: GradConfig<'Cumsum'> = {
  kernelName: Cumsum,
  gradFunc: ([dy], _inputs, _outputs, attrs) => {
    const { axis, exclusive, reverse } = attrs;
    return [() => cumsum(dy!, axis, exclusive, !reverse)];
  },
};

/**
 * dy_k / dx_i = y_k / x_i for every k whose product includes x_i, so dx = reversed-cumsum(dy * y) / x. As in TF,
 * this divides by x and is not defined where x is 0 (prod's own gradient avoids that).
 */
export const cumprodGrad: GradConfig<'Cumprod'> = {
  kernelName: Cumprod,
  gradFunc: ([dy], [x], [y], attrs) => {
    const { axis, exclusive, reverse } = attrs;
    return [() => div(cumsum(mul(dy!, y!), axis, exclusive, !reverse), x!)];
  },
};
