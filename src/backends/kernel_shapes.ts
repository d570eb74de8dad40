/**
 * Shape arithmetic shared by the kernels of every backend (the ops validated the inputs; these only compute).
 * Output shapes need no recomputing: the engine hands every kernel the shapes the op inferred (`outs`), which
 * the js kernels use. matMulOutShape and poolOutShape remain only for the native and wasm kernels that still
 * import them; the ops' validating inference is ops/matmul.ts inferMatMulShape and ops/pool_util.ts.
 */

/** Output shape of MatMul (kernel_names.ts contract): [...broadcast(batchA, batchB), M, N]. */
export function matMulOutShape(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): number[] {
  const ra = a.length, rb = b.length;
  const M = transposeA ? a[ra - 1]! : a[ra - 2]!;
  const N = transposeB ? b[rb - 2]! : b[rb - 1]!;
  const ba = a.slice(0, ra - 2), bb = b.slice(0, rb - 2);
  const r = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = ba[ba.length - r + i] ?? 1, db = bb[bb.length - r + i] ?? 1;
    batch.push(da === 1 ? db : da);
  }
  return [...batch, M, N];
}

export function prod(s: readonly number[], from = 0, to = s.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= s[i]!;
  return p;
}

/** numpy broadcast of two shapes (assumed compatible). */
export function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1, db = b[b.length - r + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Element strides of `shape` right-aligned into `out` (0 where the dim is broadcast, i.e. is 1). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const r = out.length;
  const st = new Array<number>(r).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = r - shape.length + i;
    st[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  return st;
}

/**
 * Collapses an output shape and the operands' strides: drops size-1 dims and merges neighbours that every
 * operand walks the same way (contiguous for all, or broadcast for all). Returns at least one dim; the last
 * dim's strides are 0 or 1.
 */
export function collapse(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outSt: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outSt[k]![last] === s[i]! * shape[i]!)) {
      outShape[last]! *= shape[i]!;
      strides.forEach((s, k) => (outSt[k]![last] = s[i]!));
    } else {
      outShape.push(shape[i]!);
      strides.forEach((s, k) => outSt[k]!.push(s[i]!));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outSt };
}

/** Splits sorted axes into maximal runs of consecutive axes: [0, 1, 3] -> [[0, 1], [3]]. */
export function axisRuns(axes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const a of axes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a - 1) last[1] = a;
    else runs.push([a, a]);
  }
  return runs;
}

// The pooling kernels' attributes are declared once, in core (re-exported for the kernels that import them here).
import type { PoolAttrs } from '../core/kernel_attrs.js';
export type { PoolAttrs };

/** Output shape of a 2-D or 3-D pooling: each spatial dim (after N, or after N and C for channels-first). */
export function poolOutShape(x: readonly number[], a: PoolAttrs): number[] {
  const first = a.dataFormat[1] === 'C' ? 2 : 1;
  const out = [...x];
  a.ksize.forEach((k, i) => {
    const axis = first + i;
    out[axis] = Math.max(0, Math.floor((x[axis]! + a.pads[2 * i]! + a.pads[2 * i + 1]! - k) / a.strides[i]!) + 1);
  });
  return out;
}
