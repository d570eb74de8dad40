import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

/**
 * MatMul (contract in kernel_names.ts). For each output batch entry, the batch entries of a and b are found by
 * broadcasting; element (i, k) of a's matrix is read through strides, so transposes cost no copy. Floats
 * accumulate in float64 and round once on store; int32 uses exact 32-bit wrapping arithmetic (Math.imul).
 */
export const matMul: KernelFn<'MatMul'> = (inputs, { transposeA, transposeB }, backend, outs) => {
  const [a, b] = inputs as [TensorInfo, TensorInfo];
  const js = asJs(backend);
  const ra = a.shape.length, rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  // The op inferred [...broadcast batch, m, n].
  const outShape = outs[0]!.shape;
  const batch = outShape.slice(0, -2);
  const [out, o] = js.makeOutput(outShape, a.dtype);
  const nb = sizeFromShape(batch);
  if (o.length === 0) return out;
  const av = js.readSync(a.dataId) as Float64Array;
  const bv = js.readSync(b.dataId) as Float64Array;
  const ia = broadcastIndexer(batchA, batch);
  const ib = broadcastIndexer(batchB, batch);
  // Strides of a's matrix as (row i, col k) and of b's as (row k, col j), whatever the storage order.
  const aRow = transposeA ? 1 : k, aCol = transposeA ? m : 1;
  const bRow = transposeB ? 1 : n, bCol = transposeB ? k : 1;
  const int = a.dtype === 'int32';
  const acc = int ? new Int32Array(n) : new Float64Array(n);
  for (let t = 0; t < nb; t++) {
    const aOff = ia(t) * m * k, bOff = ib(t) * k * n, oOff = t * m * n;
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      // i-k-j order: the inner loop walks a row of b (contiguous unless transposeB).
      for (let p = 0; p < k; p++) {
        const aik = av[aOff + i * aRow + p * aCol]!;
        const bBase = bOff + p * bRow;
        if (int) {
          for (let j = 0; j < n; j++) acc[j] = (acc[j]! + Math.imul(aik, bv[bBase + j * bCol]!)) | 0;
        } else {
          for (let j = 0; j < n; j++) acc[j]! += aik * bv[bBase + j * bCol]!;
        }
      }
      (o as Float64Array).set(acc, oOff + i * n);
    }
  }
  return out;
};
