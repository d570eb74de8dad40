import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { forEachWindow } from './pool_windows.js';

/** MaxPool and MaxPool3D: the largest cell of each window inside x; a NaN in the window gives NaN. */
export const maxPool: KernelFn<'MaxPool' | 'MaxPool3D'> = (inputs, a, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  forEachWindow(x.shape, outShape, a, (yOff, cells, count) => {
    let m = -Infinity;
    let nan = false;
    for (let j = 0; j < count; j++) {
      const v = xv[cells[j]!]!;
      if (v !== v) nan = true;
      else if (v > m) m = v;
    }
    o[yOff] = nan ? NaN : m;
  });
  return out;
};
