import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { affineMaps, gatherMapped } from './index_map.js';

/** Split: output i is the window [offset_i, offset_i + sizes[i]) of x along `axis`. Any dtype. */
export const split: KernelFn<'Split'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const axis = attrs.axis;
  const sizes = attrs.sizes;
  const js = asJs(backend);
  const v = js.readSync(x.dataId);
  const ones = x.shape.map(() => 1);
  let offset = 0;
  return sizes.map((s) => {
    const shape = x.shape.map((d, i) => (i === axis ? s : d));
    const start = x.shape.map((_, i) => (i === axis ? offset : 0));
    const [out, o] = js.makeOutput(shape, x.dtype);
    gatherMapped(v, o, shape, affineMaps(x.shape, shape, start, ones));
    offset += s;
    return out;
  });
};
