import type { GradConfig } from '../core/gradients.js';
import { Mean } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { broadcastTo } from '../ops/broadcast_to.js';
import { asKept } from './reduce_grad_util.js';

/** Each input of a group receives dy / (group size). */
export const meanGrad: GradConfig<'Mean'> = {
  kernelName: Mean,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const axes = attrs.axes;
    return [
      () => {
        let count = 1;
        for (const a of axes) count *= x!.shape[a]!;
        // count is 0 only when x is empty, and then so is the gradient: 1/0 multiplies nothing.
        return mul(broadcastTo(asKept(dy!, x!.shape, axes), x!.shape), 1 / count);
      },
    ];
  },
};
