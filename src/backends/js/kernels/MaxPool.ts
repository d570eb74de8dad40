import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { poolOutShape } from '../../kernel_shapes.js';
import { forEachWindow, type PoolAttrs } from './pool_windows.js';

/** MaxPool and MaxPool3D: the largest cell of each window inside x; a NaN in the window gives NaN. */
export const maxPool: KernelFn = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const a = attrs as unknown as PoolAttrs;
  const js = asJs(backend);
  const outShape = poolOutShape(x.shape, a);
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
