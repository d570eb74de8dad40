/**
 * The wasm kernels against the js oracle on random shapes (odd sizes, primes, 1s), forward and backward:
 * every case runs once on js and once on wasm from the same float32 values, and the wasm run must not move any
 * tensor to another backend (its kernels ran on wasm, not through the js fallback).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { ENGINE } from '../../src/core/engine.js';
import * as K from '../../src/core/kernel_names.js';

const hasWasm = tl.backends().includes('wasm');
if (process.env.CI && !process.env.TL_DISABLE_WASM) {
  // In CI the module must have been built by npm ci (prepare -> build:wasm).
  it('the wasm backend is present in CI', () => expect(tl.backends()).toContain('wasm'));
}

/** Deterministic generator of small integers for the random configurations. */
function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0 || 1;
  return (lo, hi) => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return lo + (s % (hi - lo + 1));
  };
}

const vals = (shape: number[], seed: number) => Float32Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed));

/** Runs fn with tensors made from `inputs` on `backend`; returns the outputs' values (and asserts no moves on wasm). */
function runOn(backend: 'js' | 'wasm', inputs: [Float32Array, number[]][], fn: (...xs: Tensor[]) => Tensor | Tensor[]): Float32Array[] {
  return tl.tidy(() =>
    tl.device(`/${backend}:0`, () => {
      const xs = inputs.map(([v, s]) => tl.tensor(v, s, 'float32'));
      const moves = tl.memory().numMoves;
      const r = fn(...xs);
      const outs = (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array);
      if (backend === 'wasm') expect(tl.memory().numMoves - moves, 'tensors moved off wasm').toBe(0);
      return outs;
    }),
  );
}

function parity(inputs: [Float32Array, number[]][], fn: (...xs: Tensor[]) => Tensor | Tensor[], tol = { atol: 1e-4, rtol: 1e-3 }): void {
  const js = runOn('js', inputs, fn);
  const wasm = runOn('wasm', inputs, fn);
  expect(wasm.length).toBe(js.length);
  wasm.forEach((w, i) => expectClose(w, js[i]!, tol));
}

describe.skipIf(!hasWasm)('wasm parity with js', () => {
  it('matMul: primes, transposes, batch broadcasting', () => {
    const r = rng(7);
    for (let t = 0; t < 24; t++) {
      const M = [1, 2, 7, 13, 31, 67, 127][r(0, 6)]!, K = [1, 3, 5, 17, 64, 259][r(0, 5)]!, N = [1, 6, 8, 11, 29, 97][r(0, 5)]!;
      const ta = r(0, 1) === 1, tb = r(0, 1) === 1;
      const batchA = [[], [3], [2, 1]][r(0, 2)]!, batchB = [[], [3], [1, 3]][r(0, 2)]!;
      const sa = [...batchA, ...(ta ? [K, M] : [M, K])], sb = [...batchB, ...(tb ? [N, K] : [K, N])];
      parity([[vals(sa, t + 1), sa], [vals(sb, t + 100), sb]], (a, b) => tl.matMul(a!, b!, ta, tb), { atol: 1e-4 * Math.sqrt(K), rtol: 1e-3 });
    }
  });

  it('matMul gradients', () => {
    const sa = [5, 37], sb = [37, 11];
    parity([[vals(sa, 1), sa], [vals(sb, 2), sb]], (a, b) => tl.grads((x: Tensor, y: Tensor) => tl.sum(tl.square(tl.matMul(x, y))))([a!, b!]));
  });

  it('binary ops with broadcasting, unary ops, comparisons', () => {
    const shapes: [number[], number[]][] = [[[7, 5], [7, 5]], [[3, 1, 5], [4, 1]], [[1], [6, 7]], [[2, 3, 4, 5], [5]], [[13], []], [[2, 1, 3], [1, 5, 1]]];
    shapes.forEach(([s1, s2], i) => {
      const a = vals(s1, i + 1), b = vals(s2, i + 50).map((v) => v + 2);
      for (const f of [tl.add, tl.sub, tl.mul, tl.div, tl.maximum, tl.minimum, tl.squaredDifference, tl.pow]) {
        parity([[a.map(Math.abs), s1], [b, s2]], (x, y) => f(x!, y!));
      }
      parity([[a, s1], [b.map((v) => v - 2), s2]], (x, y) => [tl.greater(x!, y!), tl.lessEqual(x!, y!), tl.equal(x!, x!)].map((t) => tl.cast(t, 'float32')));
    });
    const s = [3, 41];
    const x = vals(s, 9).map((v) => v * 4);
    for (const f of [tl.neg, tl.abs, tl.square, tl.exp, tl.tanh, tl.sigmoid, tl.relu, tl.relu6, tl.elu, tl.selu, tl.softplus, tl.floor, tl.ceil, tl.round, tl.sign, tl.sin, tl.cos, tl.atan]) {
      parity([[x, s]], (t) => f(t!));
    }
    for (const f of [tl.sqrt, tl.rsqrt, tl.log, tl.reciprocal]) parity([[x.map((v) => Math.abs(v) + 0.1), s]], (t) => f(t!));
    // exp over the whole float range: overflow, underflow to subnormals and 0, NaN.
    const wide = Float32Array.from([-200, -104, -100, -87.5, -20, -1e-3, 0, 1e-3, 3, 50, 88.5, 88.72, 89, 200, NaN, Infinity, -Infinity]);
    parity([[wide, [wide.length]]], (t) => [tl.exp(t!), tl.sigmoid(t!)], { atol: 1e-30, rtol: 2e-6 });
  });

  it('reductions over axis sets, softmax, logSoftmax, cross-entropy', () => {
    const s = [3, 7, 5, 11];
    const x = vals(s, 3);
    for (const axes of [[0], [1], [3], [0, 1], [1, 3], [0, 2, 3], [0, 1, 2, 3]]) {
      for (const f of [tl.sum, tl.mean, tl.max, tl.min, tl.prod]) parity([[x, s]], (t) => f(t!, axes, axes.length % 2 === 0));
    }
    for (const axis of [0, 1, 3, -1]) {
      parity([[x.map((v) => v * 30), s]], (t) => [tl.softmax(t!, axis), tl.logSoftmax(t!, axis)]);
    }
    const logits = vals([6, 13], 4).map((v) => v * 5);
    const labels = tl.tidy(() => tl.softmax(tl.tensor(vals([6, 13], 5))).dataSync() as Float32Array);
    parity([[labels, [6, 13]], [logits, [6, 13]]], (l, z) => tl.grads((q: Tensor) => tl.sum(tl.losses.softmaxCrossEntropy(l!, q)))([z!]));
  });

  it('conv2d forward and both backprops: random strides, pads, dilations, groups, NHWC and NCHW', () => {
    const r = rng(11);
    for (let t = 0; t < 40; t++) {
      const nchw = r(0, 1) === 1;
      const groups = [1, 1, 2, 3][r(0, 3)]!;
      const cg = r(1, 4), ocg = r(1, 5);
      const C = cg * groups, OC = ocg * groups;
      const N = r(1, 3), H = r(1, 11), W = r(1, 13);
      const KH = r(1, Math.min(5, H)), KW = r(1, Math.min(5, W));
      const stride = r(1, 3), dil = stride === 1 ? r(1, 2) : 1;
      const padding = (['SAME', 'VALID', 'explicit'] as const)[r(0, 2)];
      const pad = padding === 'explicit' ? [[r(0, 2), r(0, 2)], [r(0, 2), r(0, 2)]] : padding;
      if (padding === 'VALID' && ((KH - 1) * dil + 1 > H || (KW - 1) * dil + 1 > W)) continue;
      const xs = nchw ? [N, C, H, W] : [N, H, W, C];
      const fs = [KH, KW, cg, OC];
      const opts = { dataFormat: nchw ? 'NCHW' : 'NHWC', dilations: dil, groups } as const;
      const conv = (x: Tensor, f: Tensor) => tl.conv2d(x, f, stride, pad as 'SAME', opts);
      parity([[vals(xs, t + 1), xs], [vals(fs, t + 200), fs]], (x, f) => {
        const y = conv(x!, f!);
        const dy = tl.cos(y);
        const [dx, df] = tl.grads((a: Tensor, b: Tensor) => tl.sum(tl.mul(conv(a, b), dy)))([x!, f!]);
        return [y, dx!, df!];
      });
    }
  });

  it('the conv benchmark shape (NCHW 32x32x28x28, 64 3x3 filters, pad 1) matches js on a slice of the batch', () => {
    const xs = [2, 32, 28, 28], fs = [3, 3, 32, 64];
    parity([[vals(xs, 1), xs], [vals(fs, 2), fs]], (x, f) => tl.conv2d(x!, f!, 1, 1, { dataFormat: 'NCHW' }), { atol: 1e-3, rtol: 1e-3 });
  });

  it('concat, split, slice, transpose on wasm memory (any dtype) match js', () => {
    const shapes = [[5, 3, 7], [2, 1, 4, 3], [11], [3, 6]];
    shapes.forEach((s, i) => {
      const x = vals(s, i + 1);
      const r = s.length;
      const perm = Array.from({ length: r }, (_, k) => r - 1 - k);
      const begin = s.map((d) => (d > 2 ? 1 : 0)), size = s.map((d, k) => d - begin[k]! - (d > 3 ? 1 : 0));
      parity([[x, s]], (t) => [
        tl.concat([t!, tl.neg(t!)], r - 1), tl.concat([t!, t!, t!], 0), ...tl.split(t!, [1, s[0]! - 1], 0),
        tl.slice(t!, begin, size), tl.transpose(t!, perm), tl.transpose(t!),
        ...tl.grads((a: Tensor) => tl.sum(tl.square(tl.concat([tl.reshape(tl.slice(a, begin, size), [-1]), tl.reshape(tl.transpose(a, perm), [-1])], 0))))([t!]),
      ]);
      for (const dtype of ['int32', 'bool', 'float64'] as const) {
        const mk = () => tl.cast(tl.tensor(x.map((v) => Math.round(v * 4)), s), dtype);
        const ref = tl.device('/js:0', () => tl.tidy(() => {
          const t = mk();
          return [tl.concat([t, t], 0), tl.slice(t, begin, size), tl.transpose(t, perm), ...tl.split(t, [1, s[0]! - 1], 0)].map((q) => Array.from(q.dataSync() as ArrayLike<number>, Number));
        }));
        const got = tl.device('/wasm:0', () => tl.tidy(() => {
          const t = mk();
          const outs = [tl.concat([t, t], 0), tl.slice(t, begin, size), tl.transpose(t, perm), ...tl.split(t, [1, s[0]! - 1], 0)];
          for (const o of outs) expect(o.dataId.backend.name).toBe('wasm');
          return outs.map((q) => Array.from(q.dataSync() as ArrayLike<number>, Number));
        }));
        expect(got).toEqual(ref);
      }
    });
  });

  it('fused LSTM / GRU / RNN cells and sequences, forward and backward (peepholes, cell clip, T = 0..5)', () => {
    const r = rng(23);
    for (let t = 0; t < 12; t++) {
      const T = [0, 1, 2, 5][r(0, 3)]!, B = r(1, 4), I = r(1, 7), H = r(1, 9);
      const peep = r(0, 1) === 1, clip = r(0, 1) === 1 ? 0.7 : -1;
      const xs = [T, B, I], ss = [B, H];
      const inputs: [Float32Array, number[]][] = [
        [vals(xs, t + 1), xs], [vals(ss, t + 2), ss], [vals(ss, t + 3), ss],
        [vals([I + H, 4 * H], t + 4), [I + H, 4 * H]], [vals([4 * H], t + 5), [4 * H]],
        [vals([H], t + 6), [H]], [vals([H], t + 7), [H]], [vals([H], t + 8), [H]],
        [vals([I + H, 2 * H], t + 9), [I + H, 2 * H]], [vals([2 * H], t + 10), [2 * H]],
        [vals([I + H, H], t + 11), [I + H, H]], [vals([H], t + 12), [H]],
      ];
      parity(inputs, (x, c0, h0, k, b, wci, wcf, wco, gk, gb, ck, cb) => {
        const opts = { forgetBias: 0.5, cellClip: clip, ...(peep ? { wci: wci!, wcf: wcf!, wco: wco! } : {}) };
        const loss = (...v: Tensor[]) => {
          const [cs, hs] = tl.lstmSequence(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, opts);
          const g = tl.gruSequence(v[0]!, v[2]!, v[5]!, v[6]!, v[7]!, v[8]!);
          const rn = tl.rnnSequence(v[0]!, v[2]!, v[9]!, v[10]!, (['tanh', 'relu', 'sigmoid', 'linear'] as const)[t % 4]);
          const x1 = T > 0 ? tl.reshape(tl.slice(v[0]!, [0, 0, 0], [1, B, I]), [B, I]) : tl.zeros([B, I]);
          const [c1, h1] = tl.lstmCell(x1, v[1]!, v[2]!, v[3]!, v[4]!, opts);
          const g1 = tl.gruCell(x1, v[2]!, v[5]!, v[6]!, v[7]!, v[8]!);
          const r1 = tl.basicRNNCell(x1, v[2]!, v[9]!, v[10]!);
          return [cs, hs, g, rn].map((q) => tl.sum(tl.mul(q, q))).concat([c1, h1, g1, r1].map((q) => tl.sum(tl.sin(q)))).reduce((p, q) => tl.add(p, q));
        };
        const ws = [x!, c0!, h0!, k!, b!, gk!, gb!, ck!, cb!, tl.slice(k!, [0, 0], [I + H, H]), tl.slice(b!, [0], [H])];
        return [loss(...ws), ...tl.grads(loss)(ws)];
      }, { atol: 2e-4, rtol: 2e-3 });
    }
  });

  it('maxPool / avgPool and their gradients, NHWC and NCHW, with ties and padding', () => {
    const r = rng(5);
    for (let t = 0; t < 24; t++) {
      const nchw = r(0, 1) === 1;
      const N = r(1, 2), C = r(1, 9), H = r(1, 9), W = r(1, 10);
      const k = [r(1, 3), r(1, 3)], st = [r(1, 3), r(1, 2)];
      const padding = (['SAME', 'VALID'] as const)[r(0, 1)];
      if (padding === 'VALID' && (k[0]! > H || k[1]! > W)) continue;
      const xs = nchw ? [N, C, H, W] : [N, H, W, C];
      // Rounded values make ties, which decide where the max gradient goes.
      const x = vals(xs, t + 3).map((v) => Math.round(v * 3) / 3);
      const opts = { dataFormat: nchw ? ('NCHW' as const) : ('NHWC' as const) };
      parity([[x, xs]], (a) => {
        const mp = tl.maxPool(a!, k, st, padding, opts), ap = tl.avgPool(a!, k, st, padding, opts);
        const [g] = tl.grads((z: Tensor) => tl.add(tl.sum(tl.mul(tl.maxPool(z, k, st, padding, opts), tl.sin(mp))), tl.sum(tl.mul(tl.avgPool(z, k, st, padding, opts), tl.cos(ap)))))([a!]);
        return [mp, ap, g!];
      });
    }
  });
  it('optimizer updates (Apply*): odd sizes, Nesterov, centered RMSProp; no fallback', () => {
    const info = tl.info() as unknown as { kernels: Record<string, string[]> };
    for (const k of [K.ApplyGradientDescent, K.ApplyMomentum, K.ApplyAdam, K.ApplyRMSProp, K.ApplyAdagrad]) expect(info.kernels[k]).toContain('wasm');
    const run = (k: string, xs: Tensor[], attrs: Record<string, unknown>, nOut: number) =>
      ENGINE.runKernelUnchecked(k, xs, { inPlace: false, ...attrs }, Array.from({ length: nOut }, () => ({ shape: [...xs[0]!.shape], dtype: 'float32' as const })));
    const r = rng(11);
    for (let t = 0; t < 8; t++) {
      const s = [[1], [7], [3, 5], [2, 3, 7], [131], [4, 1, 9], [1023], [2, 2]][t]!;
      const v = (seed: number, pos = false) => [pos ? vals(s, seed).map((z) => Math.abs(z) + 0.1) : vals(s, seed), s] as [Float32Array, number[]];
      const sc = (x: number) => [Float32Array.of(x), []] as [Float32Array, number[]];
      const lr = 0.01 * r(1, 9);
      parity([v(t + 1), v(t + 2), sc(lr)], (x, g, a) => run(K.ApplyGradientDescent, [x!, g!, a!], {}, 1));
      for (const useNesterov of [false, true]) {
        parity([v(t + 1), v(t + 3), v(t + 2), sc(lr), sc(0.9)], (...xs) => run(K.ApplyMomentum, xs, { useNesterov }, 2));
      }
      parity([v(t + 1), v(t + 4), v(t + 5, true), v(t + 2), sc(lr), sc(0.9), sc(0.999), sc(1e-7), sc(0.9 ** (t + 1)), sc(0.999 ** (t + 1))],
        (...xs) => run(K.ApplyAdam, xs, {}, 3));
      parity([v(t + 1), v(t + 5, true), v(t + 6), v(t + 2), sc(lr), sc(0.9), sc(0.5), sc(1e-7)], (...xs) => run(K.ApplyRMSProp, xs, { centered: false }, 3));
      const ms: [Float32Array, number[]] = [vals(s, t + 5).map((z) => Math.abs(z) + 2), s];
      const mg: [Float32Array, number[]] = [vals(s, t + 7).map((z) => z * 0.1), s];
      parity([v(t + 1), ms, v(t + 6), v(t + 2), sc(lr), sc(0.9), sc(0.5), sc(1e-7), mg], (...xs) => run(K.ApplyRMSProp, xs, { centered: true }, 4));
      parity([v(t + 1), v(t + 5, true), v(t + 2), sc(lr)], (...xs) => run(K.ApplyAdagrad, xs, {}, 2));
    }
  });

  it('FusedBatchNorm / FusedBatchNormGrad: NHWC, NCHW, 2-D, training and inference; no fallback', () => {
    const info = tl.info() as unknown as { kernels: Record<string, string[]> };
    for (const k of [K.FusedBatchNorm, K.FusedBatchNormGrad]) expect(info.kernels[k]).toContain('wasm');
    const r = rng(13);
    for (let t = 0; t < 16; t++) {
      const rank = [2, 4, 4, 5][r(0, 3)]!;
      const channelsLast = r(0, 1) === 1;
      const shape = Array.from({ length: rank }, () => r(1, 7));
      const C = shape[channelsLast ? rank - 1 : 1]!;
      const isTraining = r(0, 1) === 1;
      const attrs = { epsilon: 1e-3, channelsLast, isTraining };
      const cv = (seed: number, pos = false): [Float32Array, number[]] => [pos ? vals([C], seed).map((z) => Math.abs(z) + 0.5) : vals([C], seed), [C]];
      const x: [Float32Array, number[]] = [vals(shape, t + 1), shape];
      const vec = { shape: [C], dtype: 'float32' as const };
      const xs = { shape, dtype: 'float32' as const };
      const stats = isTraining ? [] : [cv(t + 4), cv(t + 5, true)];
      parity([x, cv(t + 2), cv(t + 3), ...stats], (...ts) => ENGINE.runKernel(K.FusedBatchNorm, ts, attrs, [xs, vec, vec]));
      const gradOuts = isTraining ? [xs, vec, vec] : [xs, vec, vec, vec, vec];
      parity([[vals(shape, t + 9), shape], x, cv(t + 2), cv(t + 4), cv(t + 5, true), cv(t + 6), cv(t + 7)],
        (...ts) => ENGINE.runKernel(K.FusedBatchNormGrad, ts, attrs, gradOuts), { atol: 2e-4, rtol: 2e-3 });
    }
  });
});
