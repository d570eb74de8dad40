import type { KernelFn } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asWasm } from '../backend_wasm.js';
import type { KernelExportsOf, WasmExports } from '../loader.js';
import { axisRuns, prod } from '../../kernel_shapes.js';

/** The reductions: every export of assembly/kernels/reduce.ts. */
export type ReduceName = KernelExportsOf<'kernels/reduce'>;

/**
 * Binds a reduction over sorted axes. Each run of consecutive axes is one module call on x viewed as
 * [outer, r, inner], innermost run first, through a temporary block; the results compose because each run
 * reduces a fixed number of cells (a mean of equal-sized means is the mean).
 */
export const reduceKernel = (fn: WasmExports[ReduceName]): KernelFn<ReduceName> => (inputs, attrs, backend, outs) => {
  const x = inputs[0]!;
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  const runs = axisRuns(attrs.axes);
  let cur = wb.ptr(x);
  if (runs.length === 0) {
    const n = sizeFromShape(x.shape);
    wb.heapF32().copyWithin(po >>> 2, cur >>> 2, (cur >>> 2) + n);
    return out;
  }
  const shape = [...x.shape];
  const temps: number[] = [];
  try {
    for (let k = runs.length - 1; k >= 0; k--) {
      const [first, last] = runs[k]!;
      const outer = prod(shape, 0, first), r = prod(shape, first, last + 1), inner = prod(shape, last + 1);
      let dst = po;
      if (k > 0) {
        dst = wb.alloc(outer * inner * 4);
        temps.push(dst);
      }
      if (!fn(cur, outer, r, inner, dst)) throw wb.outOfMemory('a reduction buffer');
      for (let a = first; a <= last; a++) shape[a] = 1;
      cur = dst;
    }
  } finally {
    for (const t of temps) wb.release(t);
  }
  return out;
};
