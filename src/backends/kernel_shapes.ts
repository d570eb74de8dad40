/**
 * Shape arithmetic shared by the kernels of every backend (the ops validated the inputs; these only compute).
 * Output shapes are not here: the engine hands every kernel the shapes the op inferred (`outs`); the ops'
 * validating inference is ops/matmul.ts inferMatMulShape, ops/conv_util.ts and ops/pool_util.ts.
 */

export function prod(s: readonly number[], from = 0, to = s.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= s[i]!;
  return p;
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
