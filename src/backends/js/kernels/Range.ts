import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';

/** Range: element i is start + i * step, computed in float64 and stored in the output dtype. */
export const range: KernelFn<'Range'> = (_inputs, attrs, backend) => {
  const { start, step, size, dtype } = attrs;
  const [out, o] = asJs(backend).makeOutput([size], dtype);
  if (dtype === 'int64') {
    const v = o as BigInt64Array;
    for (let i = 0; i < size; i++) v[i] = BigInt(start + i * step);
  } else {
    const v = o as Float64Array;
    for (let i = 0; i < size; i++) v[i] = start + i * step;
  }
  return out;
};
