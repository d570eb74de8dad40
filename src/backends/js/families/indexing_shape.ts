// js kernels of the 'indexing_shape' family: [kernel name, implementation]. Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { gatherV2 } from '../kernels/GatherV2.js';
import { gatherNd } from '../kernels/GatherNd.js';
import { scatterNd } from '../kernels/ScatterNd.js';
import { unsortedSegmentSum } from '../kernels/UnsortedSegmentSum.js';
import { oneHot } from '../kernels/OneHot.js';

export const kernels: KernelEntry[] = [
  kernel(K.GatherV2, gatherV2),
  kernel(K.GatherNd, gatherNd),
  kernel(K.ScatterNd, scatterNd),
  kernel(K.UnsortedSegmentSum, unsortedSegmentSum),
  kernel(K.OneHot, oneHot),
];
