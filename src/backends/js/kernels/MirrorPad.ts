import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridesOf } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { gatherMapped } from './index_map.js';

/**
 * For output position c of a mirror-padded dim: the input index it copies. REFLECT mirrors about the edge
 * element (… 2 1 | 0 1 2 … n-1 | n-2 n-3 …), SYMMETRIC about the edge itself (… 1 0 | 0 1 … n-1 | n-1 n-2 …).
 */
export function mirrorIndex(c: number, before: number, dim: number, mode: string): number {
  const i = c - before;
  const sym = mode === 'SYMMETRIC' ? 1 : 0;
  if (i < 0) return -i - sym;
  if (i >= dim) return 2 * dim - 2 + sym - i;
  return i;
}

/** Per output dim, the flat-offset contribution of each output position (see index_map.ts). */
export function mirrorMaps(inShape: readonly number[], outShape: readonly number[], paddings: [number, number][], mode: string): Int32Array[] {
  const st = stridesOf(inShape);
  return outShape.map((n, d) => Int32Array.from({ length: n }, (_, c) => mirrorIndex(c, paddings[d]![0], inShape[d]!, mode) * st[d]!));
}

/** MirrorPad: a gather through mirrored indices. Any dtype. */
export const mirrorPad: KernelFn<'MirrorPad'> = (inputs, attrs, backend, outs) => {
  const x = inputs[0] as TensorInfo;
  const { paddings, mode } = attrs;
  const js = asJs(backend);
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, x.dtype);
  gatherMapped(js.readSync(x.dataId), o, outShape, mirrorMaps(x.shape, outShape, paddings, mode));
  return out;
};
