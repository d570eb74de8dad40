/**
 * Native GEMM parity with the js backend (float64 oracle) on odd and prime sizes, every transpose combination,
 * and batch broadcasting. Runs only where the addon is built (CI builds it in `npm ci`).
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';

const hasNative = tl.backends().includes('native');

/** a' b' computed by the js backend in float64 from the same float32 values. */
function reference(a: tl.Tensor, b: tl.Tensor, transposeA: boolean, transposeB: boolean): Float64Array {
  return tl.device('/js:0', () =>
    tl.tidy(() => tl.matMul(tl.cast(a, 'float64'), tl.cast(b, 'float64'), transposeA, transposeB).dataSync() as Float64Array),
  );
}

function rand(shape: number[], seed: number): tl.Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  return tl.tensor(Float32Array.from(randValues(n, seed)), shape, 'float32');
}

/** Max error scaled by sqrt(K) (float32 rounding grows with the sum length); inputs are in [-1, 1). */
function check(got: ArrayLike<number>, want: Float64Array, K: number): void {
  expect(got.length).toBe(want.length);
  const tol = 2e-6 * Math.sqrt(Math.max(K, 1)) + 1e-6;
  let worst = 0, at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!);
    if (!(e <= worst)) { worst = e; at = i; }
  }
  expect(worst, `worst error at ${at}: got ${got[at]}, want ${want[at]}`).toBeLessThanOrEqual(tol);
}

describe.skipIf(!hasNative)('native GEMM', () => {
  const sizes = [1, 7, 13, 17, 31, 64, 65, 127, 257];

  it('runs on the native backend', () => {
    const a = rand([3, 4], 1), b = rand([4, 5], 2);
    const c = tl.device('/cpu:0', () => tl.matMul(a, b));
    expect(c.dataId.backend.name).toBe('native');
    tl.dispose([a, b, c]);
  });

  it('matches the js oracle on odd and prime sizes, all transposes', () => {
    let seed = 10;
    // A spread of (M, K, N) triples over the size list (all 729 would be slow on the js side).
    const triples: [number, number, number][] = [];
    for (let i = 0; i < sizes.length; i++) {
      for (let j = 0; j < sizes.length; j += 2) triples.push([sizes[i]!, sizes[j]!, sizes[(i + j + 3) % sizes.length]!]);
    }
    triples.push([257, 257, 257], [1, 257, 257], [257, 257, 1], [65, 1, 127], [300, 600, 33]);
    // Row counts whose last block ends in short (8-row) micro-panels on AVX-512: 76 = 72 + 4, 160 = 2 x 72 + 16.
    triples.push([76, 33, 65], [160, 40, 70], [1028, 9, 35]);
    for (const [M, K, N] of triples) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = rand(ta ? [K, M] : [M, K], seed++), b = rand(tb ? [N, K] : [K, N], seed++);
          const c = tl.device('/cpu:0', () => tl.matMul(a, b, ta, tb));
          expect(c.shape).toEqual([M, N]);
          check(c.dataSync() as Float32Array, reference(a, b, ta, tb), K);
          tl.dispose([a, b, c]);
        }
      }
    }
  });

  it('broadcasts batch dims, every transpose combination', () => {
    const cases: [number[], number[]][] = [
      [[2, 1, 3, 4], [5, 4, 6]], // [2,5,3,6]
      [[3, 7, 5], [5, 9]], // b without batch
      [[7, 5], [4, 5, 9]], // a without batch
      [[1, 13, 17], [3, 17, 2]],
      [[2, 3, 1, 31, 65], [1, 1, 4, 65, 17]],
      [[6, 1, 1], [6, 1, 1]],
      [[4, 65, 33], [4, 33, 129]], // batch entries large enough to run one by one
      [[40, 8, 8], [40, 8, 8]], // many small entries: parallel over the batch
    ];
    let seed = 1000;
    for (const [sa, sb] of cases) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const as = [...sa], bs = [...sb];
          if (ta) [as[as.length - 2], as[as.length - 1]] = [as[as.length - 1]!, as[as.length - 2]!];
          if (tb) [bs[bs.length - 2], bs[bs.length - 1]] = [bs[bs.length - 1]!, bs[bs.length - 2]!];
          const a = rand(as, seed++), b = rand(bs, seed++);
          const c = tl.device('/cpu:0', () => tl.matMul(a, b, ta, tb));
          const want = reference(a, b, ta, tb);
          check(c.dataSync() as Float32Array, want, sa[sa.length - 1]!);
          tl.dispose([a, b, c]);
        }
      }
    }
  });

  it('handles K = 0 (zeros) and empty outputs', () => {
    const a = tl.zeros([3, 0]), b = tl.zeros([0, 4]);
    const c = tl.device('/cpu:0', () => tl.matMul(a, b));
    expect(Array.from(c.dataSync() as Float32Array)).toEqual(new Array(12).fill(0));
    const d = tl.device('/cpu:0', () => tl.matMul(tl.zeros([0, 5]), tl.zeros([5, 2])));
    expect(d.shape).toEqual([0, 2]);
    tl.dispose([a, b, c, d]);
  });

  it('gives the same result with 1 and 2 threads (deterministic blocking)', () => {
    const a = rand([300, 500], 7), b = rand([500, 260], 8);
    const prev = tl.getNumThreads();
    tl.setNumThreads(1);
    const c1 = tl.device('/cpu:0', () => tl.matMul(a, b)).dataSync() as Float32Array;
    tl.setNumThreads(2);
    const c2 = tl.device('/cpu:0', () => tl.matMul(a, b)).dataSync() as Float32Array;
    tl.setNumThreads(prev);
    expect(tl.getNumThreads()).toBe(prev);
    // Each output element is summed in the same order whatever the thread count.
    expect(Buffer.compare(Buffer.from(c1.buffer), Buffer.from(c2.buffer))).toBe(0);
  });

  it('float64 and int32 matMul fall back to js and stay exact', () => {
    const a = tl.tensor([[1, 2], [3, 4]], [2, 2], 'int32');
    const c = tl.matMul(a, a);
    expect(c.dtype).toBe('int32');
    expect(Array.from(c.dataSync() as Int32Array)).toEqual([7, 10, 15, 22]);
    expect(tl.info().fallbacks.some((f) => f.startsWith('MatMul:native->js'))).toBe(true);
  });
});
