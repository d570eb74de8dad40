import type { GradConfig } from '../core/gradients.js';
import { Concat } from '../core/kernel_names.js';
import { slice } from '../ops/slice.js';

/** Each input's gradient is its window of dy along the concat axis. */
export const concatGrad: GradConfig<'Concat'> = {
  kernelName: Concat,
  gradFunc: ([dy], inputs, _outputs, attrs) => {
    const axis = attrs.axis;
    let offset = 0;
    return inputs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
      offset += x.shape[axis]!;
      return () => slice(dy!, begin, x.shape);
    });
  },
};
