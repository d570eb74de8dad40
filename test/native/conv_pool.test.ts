/**
 * Native Conv2D (forward and both backprops) and 2-D pooling (forward and gradients) against the js backend
 * in float64, over NHWC and NCHW, strides, dilations, asymmetric padding, groups (depthwise included), 1x1
 * fast paths and odd sizes.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';

const hasNative = tl.backends().includes('native');
const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
const f32 = (s: number[], seed: number) => tl.tensor(Float32Array.from(randValues(size(s), seed)), s, 'float32');

/** f on native (float32) and on js (float64 from the same values): same shape, values within tol * sqrt(terms). */
function parity(name: string, f: (...ts: tl.Tensor[]) => tl.Tensor, args: tl.Tensor[], terms: number): void {
  const got = tl.tidy(() => tl.device('/cpu:0', () => {
    const y = f(...args);
    expect(y.dataId.backend.name, `${name} ran on ${y.dataId.backend.name}`).toBe('native');
    return { shape: y.shape, v: y.dataSync() as Float32Array };
  }));
  const want = tl.tidy(() => tl.device('/js:0', () => {
    const y = f(...args.map((t) => tl.cast(t, 'float64')));
    return { shape: y.shape, v: y.dataSync() as Float64Array };
  }));
  expect(got.shape, name).toEqual(want.shape);
  const tol = 2e-6 * Math.sqrt(Math.max(terms, 1)) + 1e-6;
  for (let i = 0; i < want.v.length; i++) {
    const w = want.v[i]!, g = got.v[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= tol * (1 + Math.abs(w));
    if (!ok) expect.fail(`${name} at ${i}: got ${g}, want ${w}`);
  }
}

interface ConvCase { n: number; h: number; w: number; c: number; kh: number; kw: number; oc: number; s: [number, number]; d: [number, number]; p: [[number, number], [number, number]]; groups: number }

describe.skipIf(!hasNative)('native conv2d', () => {
  const cases: ConvCase[] = [
    { n: 2, h: 7, w: 9, c: 3, kh: 3, kw: 3, oc: 5, s: [1, 1], d: [1, 1], p: [[1, 1], [1, 1]], groups: 1 },
    { n: 1, h: 13, w: 11, c: 4, kh: 3, kw: 2, oc: 6, s: [2, 3], d: [1, 1], p: [[0, 2], [1, 0]], groups: 1 },
    { n: 3, h: 10, w: 10, c: 6, kh: 3, kw: 3, oc: 4, s: [1, 2], d: [2, 2], p: [[2, 2], [1, 3]], groups: 2 },
    { n: 2, h: 8, w: 8, c: 8, kh: 3, kw: 3, oc: 8, s: [1, 1], d: [1, 1], p: [[1, 1], [1, 1]], groups: 8 }, // depthwise
    { n: 2, h: 6, w: 5, c: 7, kh: 1, kw: 1, oc: 9, s: [1, 1], d: [1, 1], p: [[0, 0], [0, 0]], groups: 1 }, // pointwise
    { n: 1, h: 5, w: 5, c: 2, kh: 5, kw: 5, oc: 3, s: [1, 1], d: [1, 1], p: [[0, 0], [0, 0]], groups: 1 }, // 1x1 output
    { n: 2, h: 17, w: 31, c: 13, kh: 3, kw: 5, oc: 65, s: [2, 1], d: [1, 2], p: [[1, 0], [4, 4]], groups: 1 },
    { n: 1, h: 3, w: 3, c: 2, kh: 2, kw: 2, oc: 2, s: [3, 3], d: [1, 1], p: [[0, 0], [0, 0]], groups: 1 }, // stride skips cells
    // Kg = 3 * 3 * 40 = 360 taps: the packed column matrix spans two k blocks (and a partial column panel).
    { n: 2, h: 12, w: 11, c: 80, kh: 3, kw: 3, oc: 10, s: [1, 1], d: [1, 1], p: [[1, 1], [1, 1]], groups: 2 },
  ];
  let seed = 7;
  for (const fmt of ['NHWC', 'NCHW'] as const) {
    cases.forEach((c, ci) => {
      it(`${fmt} case ${ci}: forward, backprop input and filter match js`, () => {
        const xs = fmt === 'NHWC' ? [c.n, c.h, c.w, c.c] : [c.n, c.c, c.h, c.w];
        const fs = [c.kh, c.kw, c.c / c.groups, c.oc];
        const opts = { dataFormat: fmt, dilations: c.d, groups: c.groups };
        const x = f32(xs, seed++), w = f32(fs, seed++);
        const y = tl.device('/js:0', () => tl.conv2d(x, w, c.s, c.p, opts));
        const dy = f32(y.shape, seed++);
        const terms = c.kh * c.kw * (c.c / c.groups);
        parity('conv2d', (a, b) => tl.conv2d(a, b, c.s, c.p, opts), [x, w], terms);
        parity('conv2dBackpropInput', (g, b) => tl.conv2dBackpropInput(xs, g, b, c.s, c.p, opts), [dy, w], c.kh * c.kw * c.oc);
        parity('conv2dBackpropFilter', (a, g) => tl.conv2dBackpropFilter(a, g, fs, c.s, c.p, opts), [x, dy], size(y.shape));
        tl.dispose([x, w, y, dy]);
      });
    });
  }

  it('a large convolution splits its column matrix into chunks and still matches', () => {
    // 64 x 64 pixels x 3*3*512 taps = 18.9 M floats of columns: over the 4 M-float chunk budget.
    const x = f32([1, 64, 64, 512], 1), w = f32([3, 3, 512, 4], 2);
    parity('conv2d (chunked)', (a, b) => tl.conv2d(a, b, 1, 'same'), [x, w], 3 * 3 * 512);
    tl.dispose([x, w]);
  });
});

describe.skipIf(!hasNative)('native pooling', () => {
  const cases: { n: number; h: number; w: number; c: number; k: [number, number]; s: [number, number]; pad: 'same' | 'valid' }[] = [
    { n: 2, h: 7, w: 9, c: 3, k: [2, 2], s: [2, 2], pad: 'valid' },
    { n: 1, h: 8, w: 6, c: 5, k: [3, 3], s: [2, 1], pad: 'same' },
    { n: 2, h: 5, w: 5, c: 17, k: [3, 2], s: [1, 1], pad: 'same' },
    { n: 1, h: 4, w: 4, c: 2, k: [4, 4], s: [3, 3], pad: 'same' },
  ];
  let seed = 300;
  for (const fmt of ['NHWC', 'NCHW'] as const) {
    cases.forEach((c, ci) => {
      it(`${fmt} case ${ci}: max / avg pooling and their gradients match js`, () => {
        const xs = fmt === 'NHWC' ? [c.n, c.h, c.w, c.c] : [c.n, c.c, c.h, c.w];
        const x = f32(xs, seed++);
        const opts = { dataFormat: fmt };
        parity('maxPool', (a) => tl.maxPool(a, c.k, c.s, c.pad, opts), [x], 1);
        parity('avgPool', (a) => tl.avgPool(a, c.k, c.s, c.pad, opts), [x], c.k[0] * c.k[1]);
        parity('maxPool grad', (a) => tl.grad((t: tl.Tensor) => tl.sum(tl.mul(tl.maxPool(t, c.k, c.s, c.pad, opts), tl.maxPool(t, c.k, c.s, c.pad, opts))))(a), [x], 8);
        parity('avgPool grad', (a) => tl.grad((t: tl.Tensor) => tl.sum(tl.square(tl.avgPool(t, c.k, c.s, c.pad, opts))))(a), [x], 16);
        tl.dispose(x);
      });
    });
  }

  it('maxPool: NaN wins, ties give the gradient to the first maximum', () => {
    const x = tl.tensor([1, 3, 3, 2, NaN, 0, 5, 5], [1, 2, 4, 1]);
    const y = tl.maxPool(x, [1, 2], [1, 2], 'valid');
    const yv = Array.from(y.dataSync() as Float32Array);
    expect(yv.slice(0, 2)).toEqual([3, 3]);
    expect(Number.isNaN(yv[2]!)).toBe(true);
    expect(yv[3]).toBe(5);
    const g = tl.grad((t: tl.Tensor) => tl.sum(tl.maxPool(t, [1, 2], [1, 2], 'valid')))(x);
    expect(Array.from(g.dataSync() as Float32Array)).toEqual([0, 1, 1, 0, 1, 0, 1, 0]);
    tl.dispose([x, y, g]);
  });
});
