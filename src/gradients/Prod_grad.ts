import type { GradConfig } from '../core/gradients.js';
import type { Tensor } from '../core/tensor.js';
import { Prod } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { broadcastTo } from '../ops/broadcast_to.js';
import { cumprod } from '../ops/cumulative.js';
import { prod } from '../ops/reduction.js';
import { asKept } from './reduce_grad_util.js';

/**
 * For every element, the product of the other elements of its reduction group, without dividing (y / x fails
 * where x is 0). Along one axis it is exclusive-cumprod from the left times exclusive-cumprod from the right.
 * For axes [a, ...rest], the group splits into slices along a: the product of the other elements is (product of
 * the other slices) * (product of the others within the element's own slice), i.e.
 * along_a(prod(x, rest)) * exclusiveProducts(x, rest); the broadcasting mul lines the two up.
 */
export function exclusiveProducts(x: Tensor, axes: readonly number[]): Tensor {
  const [a, ...rest] = axes as [number, ...number[]];
  const along = (t: Tensor) => mul(cumprod(t, a, true, false), cumprod(t, a, true, true));
  if (rest.length === 0) return along(x);
  return mul(along(prod(x, rest, true)), exclusiveProducts(x, rest));
}

/**
 * d prod / d x_i = product of the other elements of x_i's group: exact with any number of zeros (one zero:
 * only that element gets a nonzero gradient; two or more: all zero). The second derivative goes through
 * cumprod's gradient, which (like TF's) divides by x and is not defined at zeros.
 */
export const prodGrad: GradConfig<'Prod'> = {
  kernelName: Prod,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const axes = attrs.axes;
    return [
      () => {
        const g = broadcastTo(asKept(dy!, x!.shape, axes), x!.shape);
        return axes.length === 0 ? g : mul(g, exclusiveProducts(x!, axes));
      },
    ];
  },
};
