import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { scatterMapped } from './index_map.js';
import { mirrorMaps } from './MirrorPad.js';

/** MirrorPadGrad: the adjoint scatter-add of the same maps (floats). Sums in float64, rounds once. */
export const mirrorPadGrad: KernelFn<'MirrorPadGrad'> = (inputs, attrs, backend) => {
  const dy = inputs[0] as TensorInfo;
  const { paddings, mode } = attrs;
  const js = asJs(backend);
  const inShape = dy.shape.map((d, i) => d - paddings[i]![0] - paddings[i]![1]);
  const [out, o] = js.makeOutput(inShape, dy.dtype);
  const acc = new Float64Array(o.length);
  scatterMapped(js.readSync(dy.dataId), acc, dy.shape, mirrorMaps(inShape, dy.shape, paddings, mode), true);
  (o as Float64Array).set(acc);
  return out;
};
