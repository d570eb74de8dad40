import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { indexValues, tupleOffsets } from './index_util.js';
import { addRows } from './UnsortedSegmentSum.js';

/** ScatterNd: zeros of `shape`, then out[indices[m], :] += updates[m, :]; repeated tuples accumulate. */
export const scatterNd: KernelFn<'ScatterNd'> = (inputs, attrs, backend) => {
  const [ind, u] = inputs as [TensorInfo, TensorInfo];
  const shape = attrs.shape;
  const js = asJs(backend);
  const offsets = tupleOffsets('scatterND', indexValues(js.readSync(ind.dataId)), ind.shape, shape, 'the output');
  const k = ind.shape[ind.shape.length - 1]!;
  const S = sizeFromShape(shape.slice(k));
  const [out, o] = js.makeOutput(shape, u.dtype);
  addRows(js.readSync(u.dataId), o, S, (m) => offsets[m]!, offsets.length);
  return out;
};
