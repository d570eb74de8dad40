import type { GradConfig } from '../core/gradients.js';
import { Slice } from '../core/kernel_names.js';
import { pad } from '../ops/pad.js';

/** dy padded with zeros back to x's shape: begin before, the rest after. */
export const sliceGrad: GradConfig<'Slice'> = {
  kernelName: Slice,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const { begin, size } = attrs;
    return [() => pad(dy!, x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]))];
  },
};
