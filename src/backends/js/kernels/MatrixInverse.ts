import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { ArgumentError, fmtShape } from '../../../core/errors.js';
import { asJs } from '../backend_js.js';

/**
 * A pivot this small relative to the matrix's largest entry means the matrix is singular to float64 working
 * precision: n * eps * max|a| bounds the rounding error the elimination can leave in a pivot that should be 0.
 */
const EPS = 2 ** -52;

/**
 * MatrixInverse: Gauss-Jordan elimination with partial pivoting on [A | I], in float64, per batch entry. The whole
 * result is computed before the output is allocated, so a singular matrix throws without leaving a buffer behind.
 */
export const matrixInverse: KernelFn<'MatrixInverse'> = (inputs, _attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const js = asJs(backend);
  const r = x.shape.length;
  const n = x.shape[r - 1]!;
  const nn = n * n;
  const v = js.readSync(x.dataId) as Float64Array;
  const res = new Float64Array(v.length);
  const nb = nn === 0 ? 0 : v.length / nn;
  const w = new Float64Array(nn); // working copy of A, reduced to I
  const inv = new Float64Array(nn); // starts as I, becomes A^-1
  const colScale = new Float64Array(n);
  for (let bi = 0; bi < nb; bi++) {
    const off = bi * nn;
    colScale.fill(0);
    for (let i = 0; i < nn; i++) {
      w[i] = v[off + i]!;
      colScale[i % n] = Math.max(colScale[i % n]!, Math.abs(w[i]!));
      inv[i] = 0;
    }
    for (let i = 0; i < n; i++) inv[i * n + i] = 1;
    for (let col = 0; col < n; col++) {
      // A pivot is "zero" relative to its own column's scale (so diag(1e20, 1) inverts), which catches exactly
      // singular matrices whose elimination leaves rounding dust.
      const tol = n * EPS * colScale[col]!;
      // Partial pivoting: the largest remaining entry of this column keeps the multipliers <= 1.
      let piv = col;
      for (let i = col + 1; i < n; i++) if (Math.abs(w[i * n + col]!) > Math.abs(w[piv * n + col]!)) piv = i;
      const p = w[piv * n + col]!;
      if (!(Math.abs(p) > tol)) {
        // NaN inputs also land here (comparisons with NaN are false): no silent NaN output.
        throw new ArgumentError(
          `matrixInverse: matrix ${bi} of the batch (input ${fmtShape(x.shape)}) is singular or not finite; it has no inverse`,
        );
      }
      if (piv !== col) {
        for (let j = 0; j < n; j++) {
          swap(w, piv * n + j, col * n + j);
          swap(inv, piv * n + j, col * n + j);
        }
      }
      const s = 1 / p;
      for (let j = 0; j < n; j++) {
        w[col * n + j]! *= s;
        inv[col * n + j]! *= s;
      }
      for (let i = 0; i < n; i++) {
        if (i === col) continue;
        const f = w[i * n + col]!;
        if (f === 0) continue;
        for (let j = 0; j < n; j++) {
          w[i * n + j]! -= f * w[col * n + j]!;
          inv[i * n + j]! -= f * inv[col * n + j]!;
        }
      }
    }
    res.set(inv, off);
  }
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  (o as Float64Array).set(res);
  return out;
};

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
