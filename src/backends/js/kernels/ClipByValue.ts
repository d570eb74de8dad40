import type { Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

/**
 * min(max(x, lo), hi) elementwise; lo and hi broadcast to x's shape (the op checked they do not enlarge it).
 * When lo > hi at some element the result is hi, as TF's minimum(maximum(t, lo), hi) gives. NaN in x stays NaN.
 */
export const clipByValue: KernelFn<'ClipByValue'> = (inputs: TensorInfo[], _attrs, backend: Backend) => {
  const [x, lo, hi] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const ilo = broadcastIndexer(lo.shape, x.shape);
  const ihi = broadcastIndexer(hi.shape, x.shape);
  if (x.dtype === 'int64') {
    const xv = js.readSync(x.dataId) as BigInt64Array;
    const lv = js.readSync(lo.dataId) as BigInt64Array;
    const hv = js.readSync(hi.dataId) as BigInt64Array;
    const r = o as BigInt64Array;
    for (let i = 0; i < r.length; i++) {
      const v = xv[i]!, l = lv[ilo(i)]!, h = hv[ihi(i)]!;
      const m = v > l ? v : l;
      r[i] = m < h ? m : h;
    }
    return out;
  }
  const xv = js.readSync(x.dataId) as Float64Array;
  const lv = js.readSync(lo.dataId) as Float64Array;
  const hv = js.readSync(hi.dataId) as Float64Array;
  const r = o as Float64Array;
  for (let i = 0; i < r.length; i++) {
    const v = xv[i]!;
    r[i] = Number.isNaN(v) ? v : Math.min(Math.max(v, lv[ilo(i)]!), hv[ihi(i)]!);
  }
  return out;
};
