import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { forEachWindow } from './pool_windows.js';

/**
 * MaxPoolGrad and MaxPool3DGrad (inputs x, y, dy): each dy cell goes to the first cell of its window holding
 * the maximum, in row-major window order (TF's CPU kernel: a later equal value does not replace the argmax).
 * A NaN counts as the maximum, matching the forward kernel, which outputs it.
 */
export const maxPoolGrad: KernelFn<'MaxPoolGrad' | 'MaxPool3DGrad'> = (inputs, a, backend) => {
  const [x, y, dy] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  const dyv = js.readSync(dy.dataId) as Float64Array;
  const acc = new Float64Array(o.length);
  forEachWindow(x.shape, y.shape, a, (yOff, cells, count) => {
    if (count === 0) return;
    let best = xv[cells[0]!]!;
    let arg = cells[0]!;
    for (let j = 1; j < count && best === best; j++) {
      const v = xv[cells[j]!]!;
      if (v !== v || v > best) {
        best = v;
        arg = cells[j]!;
      }
    }
    acc[arg] += dyv[yOff]!;
  });
  (o as Float64Array).set(acc);
  return out;
};
