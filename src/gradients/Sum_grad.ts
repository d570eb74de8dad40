import type { GradConfig } from '../core/gradients.js';
import { Sum } from '../core/kernel_names.js';
import { broadcastTo } from '../ops/broadcast_to.js';
import { reshape } from '../ops/reshape.js';

export const sumGrad: GradConfig<'Sum'> = {
  kernelName: Sum,
  gradFunc: ([dy], [x], _outputs, attrs) => {
    const axes = attrs.axes;
    return [
      () => {
        // Put the reduced axes back as size 1, then broadcast to x's shape.
        const kept = x!.shape.map((d, i) => (axes.includes(i) ? 1 : d));
        return broadcastTo(reshape(dy!, kept), x!.shape);
      },
    ];
  },
};
