import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { forEachWindow } from './pool_windows.js';

/** AvgPool and AvgPool3D: the mean of each window's cells inside x (padding is not counted, as in TF). */
export const avgPool: KernelFn<'AvgPool' | 'AvgPool3D'> = (inputs, a, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  forEachWindow(x.shape, outShape, a, (yOff, cells, count) => {
    let s = 0;
    for (let j = 0; j < count; j++) s += xv[cells[j]!]!;
    o[yOff] = s / count;
  });
  return out;
};
