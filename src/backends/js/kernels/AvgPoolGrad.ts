import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { forEachWindow } from './pool_windows.js';

/**
 * AvgPoolGrad and AvgPool3DGrad (input dy, attr inShape): each dy cell is shared equally by the cells of its
 * window inside x, divided by that count (not by the window size: padding took no part in the mean).
 */
export const avgPoolGrad: KernelFn<'AvgPoolGrad' | 'AvgPool3DGrad'> = (inputs, a, backend) => {
  const dy = inputs[0] as TensorInfo;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(a.inShape, dy.dtype);
  const dyv = js.readSync(dy.dataId) as Float64Array;
  const acc = new Float64Array(o.length);
  forEachWindow(a.inShape, dy.shape, a, (yOff, cells, count) => {
    const g = dyv[yOff]! / count;
    for (let j = 0; j < count; j++) acc[cells[j]!] += g;
  });
  (o as Float64Array).set(acc);
  return out;
};
