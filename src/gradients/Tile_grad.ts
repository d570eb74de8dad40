import type { GradConfig } from '../core/gradients.js';
import { Tile } from '../core/kernel_names.js';
import { sum } from '../ops/reduction.js';
import { reshape } from '../ops/reshape.js';

/** View dy [r0*d0, r1*d1, ...] as [r0, d0, r1, d1, ...] and sum over the repetition axes 0, 2, 4, .... */
export const tileGrad: GradConfig<'Tile'> = {
  kernelName: Tile,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const reps = attrs.reps;
    return [
      () => {
        const split = x!.shape.flatMap((d, i) => [reps[i]!, d]);
        return sum(reshape(dy!, split), reps.map((_, i) => 2 * i));
      },
    ];
  },
};
