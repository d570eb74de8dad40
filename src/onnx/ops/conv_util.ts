/** ONNX padding attributes (pads, auto_pad) resolved to explicit [before, after] pairs per spatial dim. */
import type { OpContext } from '../op_context.js';

export interface SpatialParams {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [before, after] per spatial dim. */
  pads: [number, number][];
}

/**
 * Resolves kernel, strides, dilations and pads for `spatial` (the input's spatial sizes; -1 unknown). SAME_UPPER
 * puts the odd pad cell at the end and SAME_LOWER at the start; SAME needs known sizes.
 */
export function spatialParams(c: OpContext, spatial: number[], kernel: number[]): SpatialParams {
  const n = spatial.length;
  const strides = c.ints('strides') ?? Array(n).fill(1);
  const dilations = c.ints('dilations') ?? Array(n).fill(1);
  if (strides.length !== n || dilations.length !== n || kernel.length !== n) throw c.error(`kernel_shape/strides/dilations must have ${n} entries`);
  const autoPad = c.str('auto_pad', 'NOTSET');
  let pads: [number, number][];
  if (autoPad === 'NOTSET') {
    const p = c.ints('pads') ?? Array(2 * n).fill(0);
    if (p.length !== 2 * n) throw c.error(`pads must have ${2 * n} entries, got ${p.length}`);
    pads = spatial.map((_, i) => [p[i]!, p[i + n]!]);
  } else if (autoPad === 'VALID') {
    pads = spatial.map(() => [0, 0]);
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = spatial.map((size, i) => {
      if (size < 0) throw c.error(`auto_pad ${autoPad} needs the spatial size, which is unknown at load`);
      const out = Math.ceil(size / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - size);
      const small = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    });
  } else {
    throw c.error(`auto_pad '${autoPad}' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
  }
  return { kernel, strides, dilations, pads };
}
