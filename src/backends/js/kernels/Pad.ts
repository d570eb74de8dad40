import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridesOf } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { gatherMapped } from './index_map.js';

/** Pad (constant): output cell c reads x[c - before] inside the input, else the constant. Any dtype. */
export const pad: KernelFn<'Pad'> = (inputs, attrs, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const paddings = attrs.paddings;
  const value = attrs.constantValue;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const st = stridesOf(x.shape);
  const maps = outShape.map((n, d) => {
    const before = paddings[d]![0], dim = x.shape[d]!;
    return Int32Array.from({ length: n }, (_, c) => (c < before || c >= before + dim ? -1 : (c - before) * st[d]!));
  });
  const fill = x.dtype === 'int64' ? BigInt(value as bigint) : Number(value);
  gatherMapped(js.readSync(x.dataId), o, outShape, maps, fill);
  return out;
};
