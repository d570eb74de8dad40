import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

export const broadcastTo: KernelFn<'BroadcastTo'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const shape = attrs.shape;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(shape, x.dtype);
  const v = js.readSync(x.dataId);
  const idx = broadcastIndexer(x.shape, shape);
  for (let i = 0; i < o.length; i++) (o as Float64Array)[i] = v[idx(i)] as number;
  return out;
};
