import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm } from '../backend_wasm.js';
import { broadcast, broadcastStrides, prod } from '../../kernel_shapes.js';

/**
 * MatMul (batched, broadcast batch dims, transposes) on the module's packed SIMD GEMM. float32 only
 * (supports()). The batch loop runs here: one GEMM call per output matrix, with the operands' batch entries
 * found through broadcast strides. A batch of a times one shared b (a dense layer on a [batch, time, features]
 * input) is a single GEMM with the batch folded into M.
 */
export const matMul: KernelFn = (inputs, attrs, backend) => {
  const [a, b] = inputs as [TensorInfo, TensorInfo];
  const wb = asWasm(backend);
  const transposeA = !!attrs.transposeA, transposeB = !!attrs.transposeB;
  const ra = a.shape.length, rb = b.shape.length;
  const M = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const K = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const N = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const ba = a.shape.slice(0, -2), bb = b.shape.slice(0, -2);
  const batch = broadcast(ba, bb);
  const [out, po] = wb.makeOutput([...batch, M, N], 'float32');
  const nBatch = prod(batch);
  if (nBatch === 0 || M === 0 || N === 0) return out;
  const pa = wb.ptr(a), pb = wb.ptr(b);
  const ex = wb.ex;
  const ok = (r: number) => {
    if (!r) throw new Error('wasm backend: out of memory for the GEMM packing buffers');
  };
  if (!transposeA && prod(bb) === 1 && nBatch === prod(ba)) {
    ok(ex.matmul(pa, pb, po, nBatch * M, N, K, 0, transposeB ? 1 : 0));
    return out;
  }
  const sa = broadcastStrides(ba, batch), sb = broadcastStrides(bb, batch);
  const idx = new Array<number>(batch.length).fill(0);
  let oa = 0, ob = 0;
  for (let i = 0; i < nBatch; i++) {
    ok(ex.matmul(pa + oa * M * K * 4, pb + ob * K * N * 4, po + i * M * N * 4, M, N, K, transposeA ? 1 : 0, transposeB ? 1 : 0));
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
