import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

/** x where x > 0, else alpha * x, with alpha broadcast to x's shape (the op checked that it broadcasts). */
export const prelu: KernelFn<'Prelu'> = (inputs, _attrs, backend) => {
  const [x, alpha] = inputs as [TensorInfo, TensorInfo];
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  const av = js.readSync(alpha.dataId) as Float64Array;
  const ia = broadcastIndexer(alpha.shape, x.shape);
  const r = o as Float64Array;
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i]!;
    r[i] = v > 0 ? v : av[ia(i)]! * v;
  }
  return out;
};
