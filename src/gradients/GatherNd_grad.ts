import type { GradConfig } from '../core/gradients.js';
import { GatherNd, ScatterNd } from '../core/kernel_names.js';
import { gatherND } from '../ops/gather.js';
import { scatterND } from '../ops/scatter.js';

/** gatherND's gradient scatters dy back to the gathered positions; repeated index tuples accumulate. */
export const gatherNdGrad: GradConfig<'GatherNd'> = {
  kernelName: GatherNd,
  gradFunc: ([dy], [params, indices]) => [() => scatterND(indices!, dy!, params!.shape), null],
};

/** scatterND is linear in `updates`: each update's gradient is dy at its index tuple. */
export const scatterNdGrad: GradConfig<'ScatterNd'> = {
  kernelName: ScatterNd,
  gradFunc: ([dy], [indices]) => [null, () => gatherND(dy!, indices!)],
};
