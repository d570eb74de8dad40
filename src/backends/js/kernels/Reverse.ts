import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { affineMaps, gatherMapped } from './index_map.js';

/** Reverse: a reversed dim starts at its last index with step -1. Any dtype. */
export const reverse: KernelFn<'Reverse'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const axes = attrs.axes;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const start = x.shape.map((d, i) => (axes.includes(i) ? d - 1 : 0));
  const step = x.shape.map((_, i) => (axes.includes(i) ? -1 : 1));
  gatherMapped(js.readSync(x.dataId), o, x.shape, affineMaps(x.shape, x.shape, start, step));
  return out;
};
