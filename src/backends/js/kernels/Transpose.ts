import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridesOf } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { gatherMapped } from './index_map.js';

/** Transpose: output dim i walks input dim perm[i], so its map is c * inputStride[perm[i]]. Any dtype. */
export const transpose: KernelFn<'Transpose'> = (inputs, attrs, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const perm = attrs.perm;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const st = stridesOf(x.shape);
  const maps = perm.map((p, i) => Int32Array.from({ length: outShape[i]! }, (_, c) => c * st[p]!));
  gatherMapped(js.readSync(x.dataId), o, outShape, maps);
  return out;
};
