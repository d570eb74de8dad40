import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { affineMaps, gatherMapped } from './index_map.js';

/** Slice: the window [begin, begin + size) of every dim. Any dtype. */
export const slice: KernelFn<'Slice'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { begin, size } = attrs;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(size, x.dtype);
  gatherMapped(js.readSync(x.dataId), o, size, affineMaps(x.shape, size, begin, size.map(() => 1)));
  return out;
};
