import type { GradConfig } from '../core/gradients.js';
import { UnsortedSegmentSum } from '../core/kernel_names.js';
import { cast } from '../ops/cast.js';
import { maximum, mul } from '../ops/arithmetic.js';
import { greaterEqual } from '../ops/compare.js';
import { reshape } from '../ops/reshape.js';
import { gather } from '../ops/gather.js';

/**
 * d data[j] = dy[segmentIds[j]], and 0 where the id is negative (that row was dropped), as TF's
 * _GatherDropNegatives. The gather runs on ids clipped to >= 0 (so it stays in range) and a 0/1 mask zeroes
 * the dropped rows; ids are symbolic in graph mode, so the mask is always applied.
 */
export const unsortedSegmentSumGrad: GradConfig<'UnsortedSegmentSum'> = {
  kernelName: UnsortedSegmentSum,
  gradFunc: ([dy], [data, ids]) => [
    () => {
      const g = gather(dy!, maximum(ids!, 0));
      const mask = cast(greaterEqual(ids!, 0), dy!.dtype);
      // ids.shape is a prefix of data.shape: give the mask trailing 1s so it broadcasts over each slice.
      const maskShape = [...ids!.shape, ...new Array<number>(data!.rank - ids!.rank).fill(1)];
      return mul(g, reshape(mask, maskShape));
    },
    null,
  ],
};
