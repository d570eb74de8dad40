import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { ArgumentError, fmtShape } from '../../../core/errors.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { indexValues, positionOf } from './index_util.js';

/**
 * GatherV2 with batch dims. Views params as [B, O, N, I] (batch, outer, gathered axis, inner) and indices as
 * [B, J]; the output is [B, O, J, I] with out[b,o,j,:] = params[b,o,indices[b,j],:]. Indices are checked
 * before anything is written, so bad input never yields garbage.
 */
export const gatherV2: KernelFn<'GatherV2'> = (inputs, attrs, backend, outs) => {
  const [p, ind] = inputs as [TensorInfo, TensorInfo];
  const { axis, batchDims } = attrs;
  const js = asJs(backend);
  const B = sizeFromShape(p.shape.slice(0, batchDims));
  const O = sizeFromShape(p.shape.slice(batchDims, axis));
  const N = p.shape[axis]!;
  const I = sizeFromShape(p.shape.slice(axis + 1));
  const J = sizeFromShape(ind.shape.slice(batchDims));
  const idx = indexValues(js.readSync(ind.dataId));
  for (let q = 0; q < idx.length; q++) {
    const v = idx[q]!;
    if (!(v >= 0 && v < N)) {
      throw new ArgumentError(
        `gather: indices${positionOf(q, ind.shape)} = ${v} is not in [0, ${N}) (axis ${axis} of 'params' ${fmtShape(p.shape)})`,
      );
    }
  }
  const outShape = outs[0]!.shape;
  const [out, o] = js.makeOutput(outShape, p.dtype);
  // Element copies work for every dtype (bigint arrays copy bigints); the casts only satisfy the type checker.
  const src = js.readSync(p.dataId) as Float64Array;
  const dst = o as Float64Array;
  let w = 0;
  for (let b = 0; b < B; b++) {
    for (let oo = 0; oo < O; oo++) {
      const rowBase = (b * O + oo) * N;
      for (let j = 0; j < J; j++) {
        const s = (rowBase + idx[b * J + j]!) * I;
        for (let i = 0; i < I; i++) dst[w++] = src[s + i]!;
      }
    }
  }
  return out;
};
