import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';

/**
 * LinSpace: num values start + i * (stop - start) / (num - 1). The last one is set to stop itself, so the
 * end point is exact whatever the rounding of the step.
 */
export const linSpace: KernelFn<'LinSpace'> = (_inputs, attrs, backend) => {
  const { start, stop, num, dtype } = attrs;
  const [out, o] = asJs(backend).makeOutput([num], dtype);
  const v = o as Float64Array;
  v[0] = start;
  if (num > 1) {
    const step = (stop - start) / (num - 1);
    for (let i = 1; i < num - 1; i++) v[i] = start + i * step;
    v[num - 1] = stop;
  }
  return out;
};
