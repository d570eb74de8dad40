import type { KernelFn } from '../../../core/backend.js';
import { asWasm } from '../backend_wasm.js';
import { broadcastStrides, prod } from '../../kernel_shapes.js';

/**
 * MatMul (batched, broadcast batch dims, transposes) on the module's packed SIMD GEMM. float32 only
 * (supports()). The batch loop runs here: one GEMM call per output matrix, with the operands' batch entries
 * found through broadcast strides. A batch of a times one shared b (a dense layer on a [batch, time, features]
 * input) is a single GEMM with the batch folded into M.
 */
export const matMul: KernelFn<'MatMul'> = (inputs, attrs, backend, outs) => {
  const [a, b] = inputs as [typeof inputs[0], typeof inputs[0]];
  const wb = asWasm(backend);
  const { transposeA, transposeB } = attrs;
  const shape = outs[0]!.shape;
  const [out, po] = wb.makeOutput(shape, 'float32');
  const ra = a.shape.length;
  const M = shape[shape.length - 2]!, N = shape[shape.length - 1]!;
  const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const ba = a.shape.slice(0, -2), bb = b.shape.slice(0, -2), batch = shape.slice(0, -2);
  const nBatch = prod(batch);
  if (nBatch === 0 || M === 0 || N === 0) return out;
  const pa = wb.ptr(a), pb = wb.ptr(b);
  const ex = wb.ex;
  const ok = (r: number) => {
    if (!r) throw wb.outOfMemory('the GEMM packing buffers');
  };
  if (!transposeA && prod(bb) === 1 && nBatch === prod(ba)) {
    ok(ex.MatMul(pa, pb, po, nBatch * M, N, K, 0, transposeB ? 1 : 0));
    return out;
  }
  const sa = broadcastStrides(ba, batch), sb = broadcastStrides(bb, batch);
  const idx = new Array<number>(batch.length).fill(0);
  let oa = 0, ob = 0;
  for (let i = 0; i < nBatch; i++) {
    ok(ex.MatMul(pa + oa * M * K * 4, pb + ob * K * N * 4, po + i * M * N * 4, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0));
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d]!++;
      oa += sa[d]!;
      ob += sb[d]!;
      if (idx[d]! < batch[d]!) break;
      oa -= sa[d]! * batch[d]!;
      ob -= sb[d]! * batch[d]!;
      idx[d] = 0;
    }
  }
  return out;
};
