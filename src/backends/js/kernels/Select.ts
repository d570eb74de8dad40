import type { Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import { broadcastShapes } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

/**
 * where(condition, a, b) with all three broadcast (TF2's SelectV2, numpy.where). Copies elements, so every
 * dtype works, int64 included (the typed arrays of a, b and the output have the same element type).
 */
export const select: KernelFn<'Select'> = (inputs: TensorInfo[], _attrs, backend: Backend) => {
  const [c, a, b] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const js = asJs(backend);
  const shape = broadcastShapes('Select', broadcastShapes('Select', c.shape, a.shape), b.shape);
  const [out, o] = js.makeOutput(shape, a.dtype);
  const cv = js.readSync(c.dataId) as Uint8Array;
  const av = js.readSync(a.dataId) as Float64Array;
  const bv = js.readSync(b.dataId) as Float64Array;
  const ic = broadcastIndexer(c.shape, shape);
  const ia = broadcastIndexer(a.shape, shape);
  const ib = broadcastIndexer(b.shape, shape);
  const r = o as Float64Array;
  for (let i = 0; i < r.length; i++) r[i] = cv[ic(i)] ? av[ia(i)]! : bv[ib(i)]!;
  return out;
};
