/**
 * The native recurrent kernels (native/cpu/kernels/{lstm,gru,rnn}_sequence*.cc) against the js float64
 * oracle, on sizes that exercise the GEMM edge tiles (B not a multiple of the register tile's rows, H not a
 * multiple of its columns), the split of a step over several tasks, 1 and 2 pool threads, peepholes and an
 * active cell clip; and the binding's argument checks.
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from './addon_call.js';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';
import { randValues } from '../util/index.js';

const hasNative = tl.backends().includes('native');

const rnd = (shape: number[], seed: number, scale = 1) =>
  tl.tensor(Float32Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed, -scale, scale)), shape, 'float32');

/** Runs f on native (float32) and on js in float64 from the same values; compares outputs and gradients. */
function compare(f: (...xs: Tensor[]) => Tensor[], xs: Tensor[], tol = 3e-5): void {
  const weights = f(...xs).map((y, k) => rnd(y.shape, 900 + k));
  const loss = (...a: Tensor[]) => f(...a).map((y, k) => tl.sum(tl.mul(y, tl.cast(weights[k]!, y.dtype)))).reduce((p, q) => tl.add(p, q));
  const got = tl.device('/native:0', () => [...f(...xs), ...tl.grads(loss)(xs)]);
  const js = tl.device('/js:0', () => {
    const x64 = xs.map((x) => tl.cast(x, 'float64'));
    return [...f(...x64), ...tl.grads(loss)(x64)];
  });
  got.forEach((g, k) => {
    expect(g.dtype).toBe('float32');
    const a = g.dataSync() as Float32Array, b = js[k]!.dataSync() as Float64Array;
    let worst = 0, at = -1, scale = 0;
    for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
    for (let i = 0; i < b.length; i++) {
      const e = Math.abs(a[i]! - b[i]!);
      if (!(e <= worst)) { worst = e; at = i; }
    }
    expect(worst, `output ${k}: worst error at ${at}: got ${a[at]}, want ${b[at]}`).toBeLessThanOrEqual(tol * Math.max(1, scale));
  });
  tl.dispose([...got, ...js, ...weights]);
}

describe.skipIf(!hasNative)('native recurrent kernels', () => {
  const T = 4, B = 13, I = 9, H = 70; // a step is ~0.5 MFLOP: split over tasks; 13 rows and 70 units leave edge tiles

  it('run on native (no fallback to js)', () => {
    const calls = nativeBinding()!.info().calls;
    tl.device('/native:0', () => {
      const y = tl.lstmSequence(rnd([2, 3, 4], 1), rnd([3, 5], 2), rnd([3, 5], 3), rnd([9, 20], 4), rnd([20], 5));
      expect(y[1].dtype).toBe('float32');
    });
    expect(nativeBinding()!.info().calls).toBe(calls + 1);
    const fb = tl.info().fallbacks ?? [];
    expect(fb.filter((f: string) => /^(LSTM|GRU|BasicRNN)/.test(f))).toEqual([]);
  });

  for (const threads of [1, 2]) {
    it(`lstmSequence / lstmCell match js (peepholes, clip), ${threads} thread(s)`, () => {
      const prev = tl.getNumThreads();
      tl.setNumThreads(threads);
      try {
        const xs = [rnd([T, B, I], 11), rnd([B, H], 12, 1.5), rnd([B, H], 13), rnd([I + H, 4 * H], 14, 0.3), rnd([4 * H], 15, 0.3),
          rnd([H], 16, 0.5), rnd([H], 17, 0.5), rnd([H], 18, 0.5)];
        compare((x, c, h, k, b, wci, wcf, wco) => tl.lstmSequence(x!, c!, h!, k!, b!, { wci, wcf, wco, cellClip: 1.1, forgetBias: 0.7 }), xs);
        compare((x, c, h, k, b) => tl.lstmSequence(x!, c!, h!, k!, b!), xs.slice(0, 5));
        compare((x, c, h, k, b) => tl.lstmCell(x!, c!, h!, k!, b!), [rnd([B, I], 19), ...xs.slice(1, 5)]);
        compare((x, c, h, k, b) => tl.lstmSequence(x!, c!, h!, k!, b!), [rnd([T, 1, I], 20), rnd([1, H], 21), rnd([1, H], 22), xs[3]!, xs[4]!]);
        // 3 rows (one row panel) and 150 units: with 2 threads the step is split over units instead of rows.
        const U = 150;
        compare((x, c, h, k, b, wci, wcf, wco) => tl.lstmSequence(x!, c!, h!, k!, b!, { wci, wcf, wco }),
          [rnd([3, 3, I], 61), rnd([3, U], 62), rnd([3, U], 63), rnd([I + U, 4 * U], 64, 0.2), rnd([4 * U], 65, 0.3), rnd([U], 66), rnd([U], 67), rnd([U], 68)]);
        compare((...a) => [tl.gruSequence(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!)],
          [rnd([3, 3, I], 71), rnd([3, U], 72), rnd([I + U, 2 * U], 73, 0.2), rnd([2 * U], 74, 0.3), rnd([I + U, U], 75, 0.2), rnd([U], 76, 0.3)]);
      } finally {
        tl.setNumThreads(prev);
      }
    });

    it(`gruSequence / rnnSequence / cells match js, ${threads} thread(s)`, () => {
      const prev = tl.getNumThreads();
      tl.setNumThreads(threads);
      try {
        const gx = [rnd([T, B, I], 31), rnd([B, H], 32), rnd([I + H, 2 * H], 33, 0.3), rnd([2 * H], 34, 0.3), rnd([I + H, H], 35, 0.3), rnd([H], 36, 0.3)];
        compare((...a) => [tl.gruSequence(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!)], gx);
        compare((...a) => [tl.gruCell(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!)], [rnd([B, I], 37), ...gx.slice(1)]);
        const rx = [rnd([T, B, I], 41), rnd([B, H], 42), rnd([I + H, H], 43, 0.3), rnd([H], 44, 0.3)];
        for (const act of ['tanh', 'relu', 'sigmoid', 'linear'] as const) {
          compare((...a) => [tl.rnnSequence(a[0]!, a[1]!, a[2]!, a[3]!, act)], rx);
        }
        compare((...a) => [tl.basicRNNCell(a[0]!, a[1]!, a[2]!, a[3]!)], [rnd([B, I], 45), ...rx.slice(1)]);
      } finally {
        tl.setNumThreads(prev);
      }
    });
  }

  it('an input size of 0 and zero steps', () => {
    compare((x, c, h, k, b) => tl.lstmSequence(x!, c!, h!, k!, b!), [rnd([3, 2, 0], 51), rnd([2, 4], 52), rnd([2, 4], 53), rnd([4, 16], 54), rnd([16], 55)]);
    compare((x, h, k, b) => [tl.rnnSequence(x!, h!, k!, b!)], [rnd([0, 2, 3], 56), rnd([2, 4], 57), rnd([7, 4], 58), rnd([4], 59)]);
  });

  it('lstmSequence without a tape (gate outputs not stored) gives the same c and h as with one', () => {
    const nb = nativeBinding()!;
    const [T, B, I, H] = [5, 7, 9, 37];
    const xs = [rnd([T, B, I], 61), rnd([B, H], 62), rnd([B, H], 63), rnd([I + H, 4 * H], 64, 0.3), rnd([4 * H], 65)];
    const [c0, h0] = tl.device('/native:0', () => tl.lstmSequence(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4]!, { cellClip: 0.8 }));
    let recorded: Tensor[] = [];
    tl.grad((x: Tensor) => {
      const r = tl.device('/native:0', () => tl.lstmSequence(x, xs[1]!, xs[2]!, xs[3]!, xs[4]!, { cellClip: 0.8 }));
      recorded = r.map((t) => tl.keep(tl.clone(t)));
      return tl.sum(r[1]!);
    })(xs[0]!).dispose();
    expect(Array.from(c0!.dataSync())).toEqual(Array.from(recorded[0]!.dataSync()));
    expect(Array.from(h0!.dataSync())).toEqual(Array.from(recorded[1]!.dataSync()));
    // The binding itself: with and without the five gate arrays, cs and h are bitwise equal.
    const g = (t: Tensor) => t.dataSync() as Float32Array;
    const id = nb.kernels().find((k) => k.name === 'LSTMBlockSequence')!.id;
    const full = Array.from({ length: 7 }, () => new Float32Array(T * B * H));
    // gateOutputs false: the gate arrays are left as they are (NaN here), cs and h are written.
    const lean = Array.from({ length: 7 }, () => new Float32Array(T * B * H).fill(NaN));
    const ins = xs.map(g), shapes = xs.map((t) => t.shape), outShapes = full.map(() => [T, B, H]);
    runKernel(nb, id, ins, shapes, full, outShapes, { forgetBias: 1, cellClip: -1, usePeephole: false });
    runKernel(nb, id, ins, shapes, lean, outShapes, { forgetBias: 1, cellClip: -1, usePeephole: false, gateOutputs: false });
    expect(lean[0]!.every((v) => Number.isNaN(v))).toBe(true);
    expect(Array.from(lean[1]!)).toEqual(Array.from(full[1]!));
    expect(Array.from(lean[6]!)).toEqual(Array.from(full[6]!));
    tl.dispose([...xs, c0!, h0!, ...recorded]);
  });

  it('the binding checks its arguments', () => {
    const nb = nativeBinding()!;
    const id = (name: string) => nb.kernels().find((k) => k.name === name)!.id;
    const f = (n: number) => new Float32Array(n);
    const outs = () => Array.from({ length: 7 }, () => f(2 * 3 * 4));
    const attrs = { forgetBias: 1, cellClip: -1, usePeephole: false };
    // x [T=2, B=3, I=1], states [3, 4], w [(1+4), 16], b [16].
    const shapes = [[2, 3, 1], [3, 4], [3, 4], [5, 16], [16]];
    const lstm = (x: Float32Array, o: Float32Array[], a: object = attrs, s = shapes) =>
      () => runKernel(nb, id('LSTMBlockSequence'), [x, f(12), f(12), f(80), f(16)], s, o, o.map(() => [2, 3, 4]), a);
    expect(lstm(f(6), outs())).not.toThrow();
    expect(lstm(f(5), outs())).toThrow(/input 0 has 5 elements but its shape holds 6/);
    expect(lstm(f(6), outs(), attrs, [[2, 3, 1], [3, 4], [3, 4], [5, 16], [15]])).toThrow(/input 4 has 16 elements but its shape holds 15/);
    expect(lstm(f(6), outs().slice(1))).toThrow(/7\.\.7 outputs/);
    expect(lstm(f(6), outs(), { ...attrs, usePeephole: true })).toThrow(/usePeephole wants 8 inputs/);
    expect(lstm(f(6), outs(), { forgetBias: 1, cellClip: -1 })).toThrow(/usePeephole' is missing/);
    const buf = f(24), x = buf.subarray(0, 6);
    const o = outs();
    o[2] = buf; // the output 'f' overlaps the input 'x'
    expect(lstm(x, o)).toThrow(/output 2 overlaps input 0/);
    const rnn = (act: unknown) => () => runKernel(nb, id('BasicRNNSequence'), [f(1), f(1), f(2), f(1)], [[1, 1, 1], [1, 1], [2, 1], [1]], [f(1)], [[1, 1, 1]], { activation: act });
    expect(rnn('tanh')).not.toThrow();
    expect(rnn('gelu')).toThrow(/activation' must be one of 'tanh' 'relu' 'sigmoid' 'linear'/);
    expect(rnn(3)).toThrow(/activation' must be one of/);
    expect(() => runKernel(nb, id('GRUBlockSequence'), [f(1), f(1), f(4), f(2), f(2), f(1)], [[1, 1, 1], [1, -1], [2, 2], [2], [2, 1], [1]],
      [f(1), f(1), f(1), f(1)], [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]], {})).toThrow(RangeError);
  });
});
