import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { indexValues, tupleOffsets } from './index_util.js';

/** GatherNd: out[m, :] = params[indices[m, 0], ..., indices[m, K-1], :] (slices of size prod(params.shape[K:])). */
export const gatherNd: KernelFn<'GatherNd'> = (inputs, _attrs, backend, outs) => {
  const [p, ind] = inputs as [TensorInfo, TensorInfo];
  const js = asJs(backend);
  const k = ind.shape[ind.shape.length - 1]!;
  const offsets = tupleOffsets('gatherND', indexValues(js.readSync(ind.dataId)), ind.shape, p.shape, "'params'");
  const S = sizeFromShape(p.shape.slice(k));
  const [out, o] = js.makeOutput(outs[0]!.shape, p.dtype);
  // Element copies work for every dtype; the casts only satisfy the type checker.
  const src = js.readSync(p.dataId) as Float64Array;
  const dst = o as Float64Array;
  for (let m = 0; m < offsets.length; m++) {
    const s = offsets[m]!;
    for (let i = 0; i < S; i++) dst[m * S + i] = src[s + i]!;
  }
  return out;
};
