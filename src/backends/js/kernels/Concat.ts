import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridesOf } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { scatterMapped } from './index_map.js';

/** Concat: each input is written into its window of the output (offset along `axis`). Any dtype. */
export const concat: KernelFn<'Concat'> = (inputs, attrs, backend, outs) => {
  const axis = attrs.axis;
  const js = asJs(backend);
  const first = inputs[0] as TensorInfo;
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, first.dtype);
  const st = stridesOf(outShape);
  let offset = 0;
  for (const x of inputs) {
    const maps = x.shape.map((n, d) => Int32Array.from({ length: n }, (_, c) => (c + (d === axis ? offset : 0)) * st[d]!));
    scatterMapped(js.readSync(x.dataId), o, x.shape, maps, false);
    offset += x.shape[axis]!;
  }
  return out;
};
