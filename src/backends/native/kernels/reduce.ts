import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { reducedShape } from '../../../core/shape.js';
import { asNative } from '../backend_native.js';
import { axisRuns, prod } from '../../kernel_shapes.js';

/**
 * Sum / Mean / Max / Min over sorted axes. Each run of consecutive axes is one addon call on x viewed as
 * [outer, r, inner], innermost run first; the results compose because every run reduces a fixed number of
 * cells (a mean of equal-sized means is the mean).
 */
export function reduceKernel(name: string): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const nb = asNative(backend);
    const op = nb.reduceOp.get(name);
    if (op === undefined) throw new Error(`native backend: the addon has no reduction ${name}`);
    const { axes, keepDims } = attrs as { axes: number[]; keepDims: boolean };
    const outShape = reducedShape(x.shape, axes, keepDims);
    const [out, o] = nb.makeOutputUninit(outShape);
    let cur = nb.f32(x);
    const shape = [...x.shape];
    const runs = axisRuns(axes);
    if (runs.length === 0) {
      (o).set(cur);
      return out;
    }
    for (let k = runs.length - 1; k >= 0; k--) {
      const [first, last] = runs[k]!;
      const outer = prod(shape, 0, first), r = prod(shape, first, last + 1), inner = prod(shape, last + 1);
      const dst = k === 0 ? (o) : new Float32Array(outer * inner);
      nb.binding.reduce(op, cur, outer, r, inner, dst);
      for (let a = first; a <= last; a++) shape[a] = 1;
      cur = dst;
    }
    return out;
  };
}
