/**
 * Shared arithmetic of the js recurrent kernels (LSTMBlock*, GRUBlock*, BasicRNN*): a strided matrix product
 * that accumulates in float64, the activations and their derivatives written in terms of the activation's
 * output (what the forward pass saved). The kernels are the oracle the native ones are tested against, so
 * everything here is plain loops in float64.
 */
import type { TypedArray } from '../../../core/dtype.js';
import type { FusedActivation } from '../../../core/kernel_attrs.js';

export type FArr = Float32Array | Float64Array;

export const asF = (a: TypedArray): FArr => a as FArr;

/** A view of a row-major matrix inside a flat array: element (r, c) is data[off + r * rs + c * cs]. */
export interface Mat {
  data: ArrayLike<number>;
  off: number;
  rs: number;
  cs: number;
}

export const mat = (data: ArrayLike<number>, off: number, rs: number, cs = 1): Mat => ({ data, off, rs, cs });
/** The transpose of a view (no copy). */
export const tr = (m: Mat): Mat => ({ data: m.data, off: m.off, rs: m.cs, cs: m.rs });

/** c[m, n] (a Float64Array, row stride ldc from offset cOff) += sum_k a(m, k) b(k, n). */
export function gemmAcc(M: number, N: number, K: number, a: Mat, b: Mat, c: Float64Array, cOff: number, ldc: number): void {
  for (let m = 0; m < M; m++) {
    const crow = cOff + m * ldc;
    for (let k = 0; k < K; k++) {
      const av = a.data[a.off + m * a.rs + k * a.cs]!;
      if (av === 0) continue;
      const boff = b.off + k * b.rs;
      for (let n = 0; n < N; n++) c[crow + n] += av * b.data[boff + n * b.cs]!;
    }
  }
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));



export function activate(name: FusedActivation, v: number): number {
  switch (name) {
    case 'tanh': return Math.tanh(v);
    case 'relu': return v > 0 ? v : v < 0 ? 0 : v; // NaN stays NaN
    case 'sigmoid': return sigmoid(v);
    default: return v;
  }
}

/** d act / d pre-activation, from the activation's output y (relu: y > 0 iff the input was > 0). */
export function activationGrad(name: FusedActivation, y: number): number {
  switch (name) {
    case 'tanh': return 1 - y * y;
    case 'relu': return y > 0 ? 1 : 0;
    case 'sigmoid': return y * (1 - y);
    default: return 1;
  }
}

/** out[j] += sum over rows r of g[r * n + j] (bias gradients). */
export function sumRows(g: Float64Array, rows: number, n: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[j] += g[r * n + j]!;
}

/** Copies float64 values into an output array (rounding to its dtype). */
export function store(dst: FArr, src: ArrayLike<number>, n = src.length, dstOff = 0): void {
  for (let i = 0; i < n; i++) dst[dstOff + i] = src[i]!;
}
