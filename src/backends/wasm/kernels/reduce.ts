import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { reducedShape, sizeFromShape } from '../../../core/shape.js';
import { asWasm } from '../backend_wasm.js';
import { axisRuns, prod } from '../../kernel_shapes.js';

/** Kernel names in the module's op-code order (assembly/kernels/reduce.ts). */
export const REDUCE_OPS = [K.Sum, K.Mean, K.Max, K.Min, K.Prod];

/**
 * Sum / Mean / Max / Min / Prod over sorted axes. Each run of consecutive axes is one module call on x viewed
 * as [outer, r, inner], innermost run first, through a temporary block; the results compose because each run
 * reduces a fixed number of cells (a mean of equal-sized means is the mean).
 */
export function reduceKernel(name: string): KernelFn {
  const op = REDUCE_OPS.indexOf(name);
  if (op < 0) throw new Error(`wasm backend: no reduction ${name}`);
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const wb = asWasm(backend);
    const { axes, keepDims } = attrs as { axes: number[]; keepDims: boolean };
    const outShape = reducedShape(x.shape, axes, keepDims);
    const [out, po] = wb.makeOutput(outShape, 'float32');
    const runs = axisRuns(axes);
    let cur = wb.ptr(x);
    if (runs.length === 0) {
      const n = sizeFromShape(x.shape);
      wb.heapF32().copyWithin(po >>> 2, cur >>> 2, (cur >>> 2) + n);
      return out;
    }
    const shape = [...x.shape];
    const temps: number[] = [];
    for (let k = runs.length - 1; k >= 0; k--) {
      const [first, last] = runs[k]!;
      const outer = prod(shape, 0, first), r = prod(shape, first, last + 1), inner = prod(shape, last + 1);
      let dst = po;
      if (k > 0) {
        dst = wb.alloc(outer * inner * 4);
        temps.push(dst);
      }
      if (!wb.ex.reduce(op, cur, outer, r, inner, dst)) throw new Error('wasm backend: out of memory for a reduction buffer');
      for (let a = first; a <= last; a++) shape[a] = 1;
      cur = dst;
    }
    for (const t of temps) wb.release(t);
    return out;
  };
}
