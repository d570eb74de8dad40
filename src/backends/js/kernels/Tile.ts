import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridesOf } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { gatherMapped } from './index_map.js';

/** Tile: output position c of dim d reads input position c mod x.shape[d]. Any dtype. */
export const tile: KernelFn<'Tile'> = (inputs, _attrs, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const st = stridesOf(x.shape);
  const maps = outShape.map((n, d) => Int32Array.from({ length: n }, (_, c) => (c % x.shape[d]!) * st[d]!));
  gatherMapped(js.readSync(x.dataId), o, outShape, maps);
  return out;
};
