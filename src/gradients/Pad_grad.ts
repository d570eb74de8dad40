import type { GradConfig } from '../core/gradients.js';
import { Pad } from '../core/kernel_names.js';
import { slice } from '../ops/slice.js';

/** The constant cells get no gradient: x's gradient is the interior window of dy. */
export const padGrad: GradConfig<'Pad'> = {
  kernelName: Pad,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const paddings = attrs.paddings;
    return [() => slice(dy!, paddings.map((p) => p[0]), x!.shape)];
  },
};
