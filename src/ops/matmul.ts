import { NUMERIC_DTYPES, assertDType, type DType } from '../core/dtype.js';
import { DTypeError, ShapeError, ArgumentError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, type TensorLike } from '../core/tensor_util.js';
import { mul } from './arithmetic.js';
import { reshape } from './reshape.js';

/** dtypes MatMul accepts: floats, and int32 (which wraps modulo 2^32, as TF's does). */
export const MATMUL_DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/**
 * Output shape of matMul(a, b, transposeA, transposeB): [...broadcast(batchA, batchB), M, N]. Throws ShapeError
 * naming `op` when a rank is below 2, the inner dims differ or the batch dims do not broadcast.
 */
export function inferMatMulShape(op: string, aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): number[] {
  for (const [name, s] of [['a', aShape], ['b', bShape]] as const) {
    if (s.length < 2) {
      throw new ShapeError(`${op}: '${name}' must have rank >= 2, got shape ${fmtShape(s)}; use tl.dot for vectors`);
    }
  }
  const ra = aShape.length, rb = bShape.length;
  const m = transposeA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const ka = transposeA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const kb = transposeB ? bShape[rb - 1]! : bShape[rb - 2]!;
  const n = transposeB ? bShape[rb - 2]! : bShape[rb - 1]!;
  if (ka !== kb && ka >= 0 && kb >= 0) {
    throw new ShapeError(
      `${op}: inner dimensions of 'a' ${fmtShape(aShape)} and 'b' ${fmtShape(bShape)} differ (${ka} vs ${kb}` +
        `; transposeA=${transposeA}, transposeB=${transposeB})`,
    );
  }
  const batch = broadcastShapes(op, aShape.slice(0, -2), bShape.slice(0, -2), ['a (batch dims)', 'b (batch dims)']);
  return [...batch, m, n];
}

/**
 * Matrix product of the last two dims of a and b, batched over the leading dims with numpy broadcasting:
 * [2,1,3,4] x [5,4,6] -> [2,5,3,6]. `transposeA`/`transposeB` use the transpose of those matrices.
 * float32, float64 and int32 (which wraps).
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  const [ta, tb, shape] = matMulOperands('matMul', a, b, transposeA, transposeB);
  return ENGINE.runKernel(K.MatMul, [ta, tb], { transposeA, transposeB }, { shape, dtype: ta.dtype });
}

/** matMul's and matMulAsync's argument checks: the operands as tensors and the output shape. */
function matMulOperands(op: string, a: TensorLike, b: TensorLike, transposeA: unknown, transposeB: unknown): [Tensor, Tensor, number[]] {
  const [ta, tb] = convertAll(op, [[a, 'a'], [b, 'b']]) as [Tensor, Tensor];
  if (typeof transposeA !== 'boolean' || typeof transposeB !== 'boolean') {
    throw new ArgumentError(`${op}: 'transposeA' and 'transposeB' must be booleans, got ${String(transposeA)} and ${String(transposeB)}`);
  }
  assertDType(op, 'a', ta.dtype, MATMUL_DTYPES);
  if (ta.dtype !== tb.dtype) {
    throw new DTypeError(`${op}: 'a' is ${ta.dtype}${fmtShape(ta.shape)} and 'b' is ${tb.dtype}${fmtShape(tb.shape)}; cast one so the dtypes match`);
  }
  return [ta, tb, inferMatMulShape(op, ta.shape, tb.shape, transposeA, transposeB)];
}

/**
 * matMul computed off the JS thread where the backend can (native: an AsyncWorker), so timers and I/O keep
 * running during a long product; elsewhere it computes synchronously and resolves. Eager only; the result is
 * not tracked by tl.tidy (dispose it yourself). Session.runAsync uses it for graph matMul nodes.
 */
export async function matMulAsync(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Promise<Tensor> {
  // tidy: converted operands must not outlive a validation error (this op is not wrapped in a scope).
  const [ta, tb, shape] = ENGINE.tidy(() => matMulOperands('matMulAsync', a, b, transposeA, transposeB));
  try {
    return await ENGINE.runKernelAsync(K.MatMul, [ta, tb], { transposeA, transposeB }, { shape, dtype: ta.dtype });
  } finally {
    if (ta !== a) ta.dispose();
    if (tb !== b) tb.dispose();
  }
}

/**
 * Dot product as tfjs's dot: vector . vector -> scalar, matrix . vector -> vector, vector . matrix -> vector,
 * matrix . matrix -> matrix. Written with matMul (and reshape), so it inherits their kernels and gradients.
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  // tidy: the reshaped operands are intermediates of this composite.
  return ENGINE.tidy(() => {
    const [ta, tb] = convertAll('dot', [[a, 'a'], [b, 'b']]) as [Tensor, Tensor];
    for (const [name, t] of [['a', ta], ['b', tb]] as const) {
      if (t.rank !== 1 && t.rank !== 2) throw new ShapeError(`dot: '${name}' must have rank 1 or 2, got shape ${fmtShape(t.shape)}`);
    }
    assertDType('dot', 'a', ta.dtype, MATMUL_DTYPES);
    if (ta.dtype !== tb.dtype) {
      throw new DTypeError(`dot: 'a' is ${ta.dtype}${fmtShape(ta.shape)} and 'b' is ${tb.dtype}${fmtShape(tb.shape)}; cast one so the dtypes match`);
    }
    const ka = ta.shape[ta.rank - 1]!;
    const kb = tb.shape[0]!;
    if (ka !== kb) {
      throw new ShapeError(`dot: inner dimensions of 'a' ${fmtShape(ta.shape)} and 'b' ${fmtShape(tb.shape)} differ (${ka} vs ${kb})`);
    }
    if (ta.rank === 2 && tb.rank === 2) return matMul(ta, tb);
    const a2 = ta.rank === 1 ? reshape(ta, [1, ka]) : ta;
    const b2 = tb.rank === 1 ? reshape(tb, [kb, 1]) : tb;
    const outShape = [...(ta.rank === 2 ? [ta.shape[0]!] : []), ...(tb.rank === 2 ? [tb.shape[1]!] : [])];
    return reshape(matMul(a2, b2), outShape);
  });
}

/** Outer product of two vectors: out[i, j] = a[i] * b[j]. Any numeric dtype (a broadcasting mul). */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const [ta, tb] = convertAll('outer', [[a, 'a'], [b, 'b']]) as [Tensor, Tensor];
    for (const [name, t] of [['a', ta], ['b', tb]] as const) {
      if (t.rank !== 1) throw new ShapeError(`outer: '${name}' must be a vector (rank 1), got shape ${fmtShape(t.shape)}`);
    }
    assertDType('outer', 'a', ta.dtype, NUMERIC_DTYPES);
    if (ta.dtype !== tb.dtype) {
      throw new DTypeError(`outer: 'a' is ${ta.dtype}${fmtShape(ta.shape)} and 'b' is ${tb.dtype}${fmtShape(tb.shape)}; cast one so the dtypes match`);
    }
    return mul(reshape(ta, [ta.shape[0]!, 1]), reshape(tb, [1, tb.shape[0]!]));
  });
}
