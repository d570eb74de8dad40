import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tl from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';
import { dot, permute, refConv, refOutShape, samePads, toFirst, type RefConv } from './conv_reference.js';
import { inferConv2dShape } from '../../src/ops/conv2d.js';
import { convPads } from '../../src/ops/conv_util.js';

const f64 = (shape: number[], seed: number) => tl.tensor(randValues(shape.reduce((a, b) => a * b, 1), seed), shape, 'float64');

describeEachBackend('conv2d', (backend) => {
  const tol = tolFor(backend);

  it('hand-computed VALID and SAME (extra pad at the end), 1 channel', () => {
    const x = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const w = tl.tensor([1, 2, 3, 4], [2, 2, 1, 1]);
    // out[i][j] = x[i][j] + 2 x[i][j+1] + 3 x[i+1][j] + 4 x[i+1][j+1]
    expectClose(tl.conv2d(x, w, 1, 'VALID'), [37, 47, 67, 77], { shape: [1, 2, 2, 1] });
    // SAME on 3x3 with a 2x2 filter pads one zero row/column after (bottom/right), none before.
    expectClose(tl.conv2d(x, w, 1, 'SAME'), [37, 47, 21, 67, 77, 33, 23, 26, 9], { shape: [1, 3, 3, 1] });
    expectClose(tl.conv2d(x, w, [1, 1, 1, 1], 'same'), [37, 47, 21, 67, 77, 33, 23, 26, 9]);
  });

  it('hand-computed channels, stride 2 SAME, dilation, groups, explicit pads', () => {
    // 1x1 conv mixes channels: [1, 2] . [[1, 2, 3], [4, 5, 6]]
    expectClose(tl.conv2d(tl.tensor([1, 2], [1, 1, 1, 2]), tl.tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]), 1, 'VALID'), [9, 12, 15], {
      shape: [1, 1, 1, 3],
    });
    const x16 = tl.tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    // 3x3 ones, stride 2, SAME on 4x4: out 2x2, total pad 1 per dim, all of it after.
    expectClose(tl.conv2d(x16, tl.ones([3, 3, 1, 1]), 2, 'SAME'), [54, 45, 72, 54], { shape: [1, 2, 2, 1] });
    expectClose(tl.conv2d(x16, tl.ones([1, 1, 1, 1]), [2, 2], 'VALID'), [1, 3, 9, 11]);
    // 2x2 ones with dilation 2 reads x[i][j] + x[i][j+2] + x[i+2][j] + x[i+2][j+2] = 28 + 4 (5i + j).
    const x25 = tl.tensor(Array.from({ length: 25 }, (_, i) => i + 1), [1, 5, 5, 1]);
    expectClose(tl.conv2d(x25, tl.ones([2, 2, 1, 1]), 1, 'VALID', { dilations: 2 }), [28, 32, 36, 48, 52, 56, 68, 72, 76], {
      shape: [1, 3, 3, 1],
    });
    // tfjs's positional form: (..., dataFormat, dilations)
    expectClose(tl.conv2d(x25, tl.ones([2, 2, 1, 1]), 1, 'VALID', 'NHWC', [2, 2]), [28, 32, 36, 48, 52, 56, 68, 72, 76]);
    // groups 2: out0 = x0 w00 + x1 w10, out1 = x2 w01 + x3 w11
    expectClose(tl.conv2d(tl.tensor([1, 2, 3, 4], [1, 1, 1, 4]), tl.tensor([1, 2, 3, 4], [1, 1, 2, 2]), 1, 'VALID', { groups: 2 }), [7, 22]);
    // explicit pads: one row on top, two columns on the right
    const x4 = tl.tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    const want = [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0];
    expectClose(tl.conv2d(x4, tl.ones([1, 1, 1, 1]), 1, [[1, 0], [0, 2]]), want, { shape: [1, 3, 4, 1] });
    expectClose(tl.conv2d(x4, tl.ones([1, 1, 1, 1]), 1, [[0, 0], [1, 0], [0, 2], [0, 0]]), want, { shape: [1, 3, 4, 1] });
    expectClose(tl.conv2d(x4, tl.ones([1, 1, 1, 1]), 1, 1), [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0], { shape: [1, 4, 4, 1] });
  });

  it('hand-computed backprop ops and conv2dTranspose', () => {
    const w = tl.tensor([1, 2, 3, 4], [2, 2, 1, 1]);
    // Each dy cell (all ones) spreads the filter over its window: the overlaps add up.
    expectClose(tl.conv2dBackpropInput([1, 3, 3, 1], tl.ones([1, 2, 2, 1]), w, 1, 'VALID'), [1, 3, 2, 4, 10, 6, 3, 7, 4]);
    const x = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    // dW[a][b] = sum of the 2x2 block of x starting at (a, b)
    expectClose(tl.conv2dBackpropFilter(x, tl.ones([1, 2, 2, 1]), [2, 2, 1, 1], 1, 'VALID'), [12, 16, 24, 28], { shape: [2, 2, 1, 1] });
    expectClose(tl.conv2dTranspose(tl.tensor([2], [1, 1, 1, 1]), w, [1, 2, 2, 1], 1, 'VALID'), [2, 4, 6, 8]);
    // stride 2: every input value fills its own 2x2 block
    const up = tl.conv2dTranspose(tl.tensor([1, 2, 3, 4], [1, 2, 2, 1]), tl.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'VALID');
    expectClose(up, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], { shape: [1, 4, 4, 1] });
    // rank-3 (one example) forms
    expectClose(tl.conv2dTranspose(tl.tensor([2], [1, 1, 1]), w, [2, 2, 1], 1, 'VALID'), [2, 4, 6, 8], { shape: [2, 2, 1] });
  });

  it('conv2dTranspose with an unknown (-1 / null) batch in outputShape takes the batch of x, eager and in a graph', () => {
    const y = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    const f = tl.ones([2, 2, 1, 1]);
    const want = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4, 5, 5, 6, 6, 5, 5, 6, 6, 7, 7, 8, 8, 7, 7, 8, 8];
    expectClose(tl.conv2dTranspose(y, f, [-1, 4, 4, 1], 2, 'VALID'), want, { shape: [2, 4, 4, 1] });
    expectClose(tl.conv2dTranspose(y, f, [null as unknown as number, 4, 4, 1], 2, 'VALID'), want, { shape: [2, 4, 4, 1] });
    const g = new tl.Graph();
    const { p, out } = g.asDefault(() => {
      const p = tl.placeholder('float32', [null, 2, 2, 1]);
      return { p, out: tl.conv2dTranspose(p, f, [-1, 4, 4, 1], 2, 'VALID') };
    });
    expect(out.shape).toEqual([-1, 4, 4, 1]);
    const sess = new tl.Session({ graph: g });
    expectClose(sess.run(out, [[p, y]]) as tl.Tensor, want, { shape: [2, 4, 4, 1] });
    // Other dims stay required.
    expect(() => tl.conv2dTranspose(y, f, [2, -1, 4, 1], 2, 'VALID')).toThrow(tl.ShapeError);
  });

  // Every combination of strides {1,2,3}, dilations {1,2}, SAME/VALID/explicit, groups {1, 2, C}, both formats,
  // against the reference convolution; odd and even sizes vary with the combination.
  it('matches the reference convolution over strides x dilations x padding x groups x formats', () => {
    let seed = 1;
    for (const s of [1, 2, 3]) {
      for (const d of [1, 2]) {
        for (const pad of ['SAME', 'VALID', 'EXPLICIT'] as const) {
          for (const groups of [1, 2, 4]) {
            for (const fmt of ['NHWC', 'NCHW'] as const) {
              seed++;
              const H = 5 + (seed % 4), W = 6 + ((seed * 7) % 5), C = 4, O = groups === 4 ? 8 : 6;
              const kh = 1 + (seed % 3), kw = 2 + ((seed >> 1) % 2);
              const sh = s, sw = s === 1 ? 1 : s - 1 + (seed % 2);
              const xShape = [2, H, W, C], wShape = [kh, kw, C / groups, O];
              const pads: [number, number][] =
                pad === 'SAME' ? [samePads(H, kh, sh, d), samePads(W, kw, sw, d)] : pad === 'VALID' ? [[0, 0], [0, 0]] : [[1, 2], [0, 1]];
              const rc: RefConv = { xShape, wShape, strides: [sh, sw], dilations: [d, d], pads, groups };
              const xv = randValues(2 * H * W * C, seed), wv = randValues(wShape.reduce((a, b) => a * b), seed + 1000);
              const ref = refConv(xv, wv, rc);
              const padding = pad === 'EXPLICIT' ? [[1, 2], [0, 1]] : pad;
              const label = `s=[${sh},${sw}] d=${d} ${pad} groups=${groups} ${fmt} x=${xShape} w=${wShape}`;
              tl.tidy(() => {
                const opts = { dataFormat: fmt, dilations: d, groups };
                if (fmt === 'NHWC') {
                  const y = tl.conv2d(tl.tensor(xv, xShape, 'float64'), tl.tensor(wv, wShape, 'float64'), [sh, sw], padding, opts);
                  expect(y.shape, label).toEqual(ref.shape);
                  expectClose(y, ref.data);
                  // float32 accumulates in float64 too: only the final rounding differs
                  const y32 = tl.conv2d(tl.tensor(xv, xShape, 'float32'), tl.tensor(wv, wShape, 'float32'), [sh, sw], padding, opts);
                  expectClose(y32, ref.data, tol);
                } else {
                  const xt = permute(xv, xShape, toFirst(4));
                  const y = tl.conv2d(tl.tensor(xt.data, xt.shape, 'float64'), tl.tensor(wv, wShape, 'float64'), [1, 1, sh, sw], padding, opts);
                  const want = permute(ref.data, ref.shape, toFirst(4));
                  expect(y.shape, label).toEqual(want.shape);
                  expectClose(y, want.data);
                }
              });
            }
          }
        }
      }
    }
  });

  it('inferConv2dShape and convPads are pure shape inference', () => {
    expect(inferConv2dShape([2, 5, 6, 2], [3, 3, 2, 3], 2, 'SAME')).toEqual([2, 3, 3, 3]);
    expect(inferConv2dShape([2, 2, 5, 6], [3, 3, 2, 3], 2, 'VALID', { dataFormat: 'NCHW' })).toEqual([2, 3, 2, 2]);
    expect(inferConv2dShape([5, 6, 2], [3, 3, 2, 3], 1, 'valid', { dilations: 2 })).toEqual([1, 2, 3]);
    // graph mode: an unknown batch or spatial size propagates
    expect(inferConv2dShape([-1, 5, -1, 2], [3, 3, 2, 3], 1, 'SAME')).toEqual([-1, 5, -1, 3]);
    // SAME, stride 2: H 5 -> out 3, total pad 2 = 1 + 1; W 6 -> out 3, total 1 = 0 + 1 (the odd one after)
    expect(convPads([5, 6], [3, 3], [2, 2], [1, 1], 'SAME')).toEqual([1, 1, 0, 1]);
    expect(convPads([7], [3], [1], [2], 'SAME')).toEqual([2, 2]);
    expect(convPads([7], [3], [1], [2], 'VALID')).toEqual([0, 0]);
  });

  it('edge shapes: empty batch/channels/spatial, rank-3 input, output size 0', () => {
    const w = f64([3, 3, 2, 3], 3);
    expect(tl.conv2d(tl.zeros([0, 5, 5, 2], 'float64'), w, 1, 'SAME').shape).toEqual([0, 5, 5, 3]);
    expect(tl.conv2d(tl.zeros([1, 0, 4, 2], 'float64'), w, 1, 'SAME').shape).toEqual([1, 0, 4, 3]);
    // no input channels: every output is an empty sum
    expectClose(tl.conv2d(tl.zeros([1, 3, 3, 0]), tl.zeros([2, 2, 0, 3]), 1, 'SAME'), new Array(27).fill(0), { shape: [1, 3, 3, 3] });
    expect(tl.conv2d(f64([1, 3, 3, 2], 4), tl.zeros([2, 2, 2, 0], 'float64'), 1, 'VALID').shape).toEqual([1, 2, 2, 0]);
    // a window one cell larger than the input: zero output positions, as TF
    expect(tl.conv2d(f64([1, 2, 2, 2], 5), w, 1, 'VALID').shape).toEqual([1, 0, 0, 3]);
    const g = tl.grads((x, f) => tl.conv2d(x, f, 1, 'VALID'))([f64([1, 2, 2, 2], 5), w]);
    expectClose(g[0]!, new Array(8).fill(0), { shape: [1, 2, 2, 2] });
    expectClose(g[1]!, new Array(54).fill(0), { shape: [3, 3, 2, 3] });
    // rank 3 is one example
    const x = f64([1, 4, 5, 2], 6);
    const y4 = tl.conv2d(x, w, 2, 'SAME');
    const y3 = tl.conv2d(tl.reshape(x, [4, 5, 2]), w, 2, 'SAME');
    expect(y3.shape).toEqual([2, 3, 3]);
    expectClose(y3, y4.dataSync() as Float64Array);
    const yc = tl.conv2d(tl.reshape(tl.tensor(permute(x.dataSync() as Float64Array, [1, 4, 5, 2], toFirst(4)).data, [1, 2, 4, 5], 'float64'), [2, 4, 5]), w, 2, 'SAME', 'NCHW');
    expectClose(yc, permute(y4.dataSync() as Float64Array, [1, 2, 3, 3], toFirst(4)).data, { shape: [3, 2, 3] });
  });

  it('accepts inputs produced by other ops (reshape of a computed tensor, JS arrays)', () => {
    const xv = randValues(2 * 4 * 4 * 2, 11), wv = randValues(2 * 2 * 2 * 2, 12);
    const ref = refConv(xv, wv, { xShape: [2, 4, 4, 2], wShape: [2, 2, 2, 2], strides: [1, 1], dilations: [1, 1], pads: [[0, 0], [0, 0]], groups: 1 });
    const xc = tl.reshape(tl.mul(tl.tensor(xv, [64], 'float64'), 1), [2, 4, 4, 2]);
    expectClose(tl.conv2d(xc, tl.tensor(wv, [2, 2, 2, 2], 'float64'), 1, 'VALID'), ref.data);
    const nested = (tl.tensor(wv, [2, 2, 2, 2]).arraySync()) as number[][][][];
    expectClose(tl.conv2d(tl.tensor(xv, [2, 4, 4, 2]), nested, 1, 'VALID'), ref.data, tol);
    // a JS array takes the dtype of the tensor argument, whichever position it is in
    const y64 = tl.conv2d(tl.tensor(xv, [2, 4, 4, 2]).arraySync() as number[][][][], tl.tensor(wv, [2, 2, 2, 2], 'float64'), 1, 'VALID');
    expect(y64.dtype).toBe('float64');
    expectClose(y64, ref.data, { atol: 1e-6 });
  });

  it('NCHW equals transposed NHWC, and inputs may come from transpose/slice', () => {
    const x = f64([2, 6, 7, 4], 71), w = f64([3, 2, 2, 6], 72);
    const opts = { dilations: [2, 1], groups: 2 };
    const yl = tl.conv2d(x, w, [2, 3], 'SAME', opts);
    const yf = tl.conv2d(tl.transpose(x, [0, 3, 1, 2]), w, [2, 3], 'SAME', { ...opts, dataFormat: 'NCHW' });
    expectClose(tl.transpose(yf, [0, 2, 3, 1]), yl);
    // a transposed filter and a sliced input (non-contiguous views in other libraries)
    const wT = tl.transpose(f64([6, 2, 2, 3], 73), [3, 2, 1, 0]);
    const big = f64([3, 8, 9, 4], 74);
    const xs = tl.slice(big, [1, 1, 2, 0], [2, 6, 7, 4]);
    const ref = refConv(xs.dataSync() as Float64Array, wT.dataSync() as Float64Array, {
      xShape: [2, 6, 7, 4], wShape: [3, 2, 2, 6], strides: [1, 1], dilations: [1, 1], pads: [samePads(6, 3, 1, 1), samePads(7, 2, 1, 1)], groups: 2,
    });
    expectClose(tl.conv2d(xs, wT, 1, 'SAME', { groups: 2 }), ref.data, { shape: ref.shape });
    checkGrad((b, w) => tl.conv2d(tl.slice(b, [1, 1, 2, 0], [1, 4, 5, 4]), tl.transpose(w, [3, 2, 1, 0]), 2, 'SAME', { groups: 2 }), [
      f64([2, 6, 7, 4], 75),
      f64([6, 2, 2, 3], 76),
    ]);
  });

  it('conv2dTranspose is the adjoint of conv2d: <conv2d(x, W), y> = <x, conv2dTranspose(y, W)>', () => {
    const cases: { x: number[]; k: number[]; s: number[]; p: tl.ConvPadding; d: number; g: number; fmt: 'NHWC' | 'NCHW' }[] = [
      { x: [2, 7, 6, 3], k: [3, 3, 3, 4], s: [2, 2], p: 'SAME', d: 1, g: 1, fmt: 'NHWC' },
      { x: [1, 8, 7, 2], k: [2, 3, 2, 3], s: [3, 2], p: 'VALID', d: 1, g: 1, fmt: 'NHWC' },
      { x: [2, 6, 6, 4], k: [3, 2, 2, 4], s: [1, 2], p: [[1, 0], [2, 1]], d: 2, g: 2, fmt: 'NHWC' },
      { x: [1, 4, 7, 5], k: [3, 3, 4, 6], s: [2, 1], p: 'SAME', d: 2, g: 1, fmt: 'NCHW' },
    ];
    let seed = 40;
    for (const c of cases) {
      tl.tidy(() => {
        const x = f64(c.x, seed++), W = f64(c.k, seed++);
        const opts = { dataFormat: c.fmt, dilations: c.d, groups: c.g };
        const yShape = inferConv2dShape(c.x, c.k, c.s, c.p, opts);
        const y = f64(yShape, seed++);
        const lhs = dot(tl.conv2d(x, W, c.s, c.p, opts).dataSync() as Float64Array, y.dataSync() as Float64Array);
        const t = tl.conv2dTranspose(y, W, c.x, c.s, c.p, opts);
        expect(t.shape).toEqual(c.x);
        const rhs = dot(x.dataSync() as Float64Array, t.dataSync() as Float64Array);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
        // and the filter adjoint: <conv2d(x, W), y> = <W, conv2dBackpropFilter(x, y)>
        const wf = dot(W.dataSync() as Float64Array, tl.conv2dBackpropFilter(x, y, c.k, c.s, c.p, opts).dataSync() as Float64Array);
        expect(Math.abs(lhs - wf)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
      });
    }
  });

  it('gradients match finite differences (float64)', () => {
    const x = f64([1, 5, 5, 2], 21), w = f64([3, 3, 2, 3], 22);
    checkGrad((x, w) => tl.conv2d(x, w, 1, 'VALID'), [x, w]);
    checkGrad((x, w) => tl.conv2d(x, w, 2, 'SAME'), [x, w]);
    checkGrad((x, w) => tl.conv2d(x, w, 1, 'SAME', { dilations: 2 }), [x, w]);
    checkGrad((x, w) => tl.conv2d(x, w, [2, 1], [[1, 0], [0, 2]], { dilations: [1, 2] }), [x, w]);
    // grouped, channels first, stride and dilation together
    checkGrad((x, w) => tl.conv2d(x, w, 2, 'SAME', { dataFormat: 'NCHW', groups: 2, dilations: 2 }), [f64([2, 4, 5, 6], 23), f64([2, 3, 2, 4], 24)]);
  });

  it('gradients of the backprop ops and of conv2dTranspose (float64)', () => {
    const dy = f64([1, 3, 3, 3], 31), w = f64([3, 3, 2, 3], 32), x = f64([1, 5, 6, 2], 33);
    checkGrad((dy, w) => tl.conv2dBackpropInput([1, 5, 6, 2], dy, w, 2, 'SAME'), [dy, w]);
    checkGrad((x, dy) => tl.conv2dBackpropFilter(x, dy, [3, 3, 2, 3], 2, 'SAME'), [x, dy]);
    checkGrad((y, w) => tl.conv2dTranspose(y, w, [1, 6, 6, 2], 2, 'VALID'), [f64([1, 2, 2, 3], 34), w]);
    checkGrad((y, w) => tl.conv2dTranspose(y, w, [1, 5, 5, 2], 1, 'SAME', { dilations: 2 }), [f64([1, 5, 5, 3], 35), w]);
  });

  it('second-order gradients through conv2d', () => {
    const x = f64([1, 4, 5, 2], 51), w = f64([2, 3, 2, 2], 52);
    // d/dx sum(conv(x, w)^2) = 2 backpropInput(conv(x, w), w): its gradients run Conv2D's and BackpropInput's.
    const dx = (x: tl.Tensor, w: tl.Tensor) => tl.grad((x) => tl.sum(tl.mul(tl.conv2d(x, w, 2, 'SAME'), tl.conv2d(x, w, 2, 'SAME'))))(x);
    checkGrad(dx, [x, w]);
    // d/dw of the same: BackpropFilter's gradients.
    const dw = (x: tl.Tensor, w: tl.Tensor) => tl.grad((w) => tl.sum(tl.mul(tl.conv2d(x, w, 1, 'VALID', { dilations: 2 }), tl.exp(tl.conv2d(x, w, 1, 'VALID', { dilations: 2 })))))(w);
    checkGrad(dw, [x, w]);
    // Exact value: f(x) = sum(conv(x, w)^2) is quadratic, so d/dx of <grad f, v> is 2 B^T B v.
    const v = f64([1, 4, 5, 2], 53);
    const hv = tl.grad((x) => tl.sum(tl.mul(dx(x, w), v)))(x);
    const bv = tl.conv2d(v, w, 2, 'SAME');
    expectClose(hv, tl.mul(tl.conv2dBackpropInput([1, 4, 5, 2], bv, w, 2, 'SAME'), 2));
  });

  it('matches the TF 1.x golden vectors (outputs and gradients)', () => {
    const golden = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')) as {
      cases: { op: string; attrs: Record<string, unknown>; inputs: { shape: number[]; data: number[] }[]; outputs: { shape: number[]; data: number[] }[]; upstream: { shape: number[]; data: number[] }[]; grads: { shape: number[]; data: number[] }[] }[];
    };
    const cases = golden.cases.filter((c) => c.op === 'conv2d');
    expect(cases.length).toBe(6);
    for (const c of cases) {
      const a = c.attrs as { strides: number[]; dilations: number[]; padding: string; dataFormat: 'NHWC'; filterFormat: string };
      expect(a.filterFormat).toBe('HWIO');
      for (const dtype of ['float64', 'float32'] as const) {
        const opts = dtype === 'float64' ? { atol: 1e-9, rtol: 1e-9 } : { atol: 1e-4, rtol: 1e-3 };
        tl.tidy(() => {
          const [x, w] = c.inputs.map((t) => tl.tensor(t.data, t.shape, dtype)) as [tl.Tensor, tl.Tensor];
          const f = (x: tl.Tensor, w: tl.Tensor) => tl.conv2d(x, w, a.strides, a.padding, { dataFormat: a.dataFormat, dilations: a.dilations });
          const up = tl.tensor(c.upstream[0]!.data, c.upstream[0]!.shape, dtype);
          const { value, grads } = tl.valueAndGrads(f)([x, w], up);
          expectClose(value, c.outputs[0]!.data, { ...opts, shape: c.outputs[0]!.shape });
          expectClose(grads[0]!, c.grads[0]!.data, { ...opts, shape: c.grads[0]!.shape });
          expectClose(grads[1]!, c.grads[1]!.data, { ...opts, shape: c.grads[1]!.shape });
        });
      }
    }
  });

  it('validates its arguments with typed errors naming conv2d and the shapes', () => {
    const x = tl.zeros([1, 5, 5, 3]);
    const w = tl.zeros([3, 3, 3, 4]);
    expect(() => tl.conv2d(x, tl.zeros([3, 3, 2, 4]), 1, 'SAME')).toThrow(tl.ShapeError);
    expect(() => tl.conv2d(x, tl.zeros([3, 3, 2, 4]), 1, 'SAME')).toThrow(/conv2d: 'x' has 3 input channels but 'filter' expects 2 .*\[1,5,5,3\].*\[3,3,2,4\]/);
    expect(() => tl.conv2d(x, w, 0, 'SAME')).toThrow(tl.ArgumentError);
    expect(() => tl.conv2d(x, w, 0, 'SAME')).toThrow(/conv2d: 'strides'/);
    expect(() => tl.conv2d(x, w, [1, 1.5], 'SAME')).toThrow(/conv2d: 'strides'/);
    expect(() => tl.conv2d(x, w, [2, 2, 2], 'SAME')).toThrow(/conv2d: 'strides' \[2,2,2\] must .* 2 \(spatial\) or 4/);
    expect(() => tl.conv2d(x, w, [2, 1, 1, 1], 'SAME')).toThrow(/conv2d: 'strides' .* batch and channel/);
    expect(() => tl.conv2d(x, w, 1, 'SAME', { dilations: -1 })).toThrow(/conv2d: 'dilations'/);
    expect(() => tl.conv2d(x, w, 1, 'FULL')).toThrow(/conv2d: 'padding' must be 'SAME', 'VALID'/);
    expect(() => tl.conv2d(x, w, 1, [[1, -1], [0, 0]])).toThrow(/conv2d: 'padding' .* non-negative/);
    expect(() => tl.conv2d(x, w, 1, [[1, 1]])).toThrow(/conv2d: explicit 'padding' .* 2 \(spatial\) or 4/);
    expect(() => tl.conv2d(x, w, 1, [[1, 1], [1, 1], [0, 0], [0, 0]])).toThrow(/batch and channel/);
    // a 5x5 window on a 2x2 input: negative output size
    expect(() => tl.conv2d(tl.zeros([1, 2, 2, 3]), tl.zeros([5, 5, 3, 1]), 1, 'VALID')).toThrow(tl.ShapeError);
    expect(() => tl.conv2d(tl.zeros([1, 2, 2, 3]), tl.zeros([5, 5, 3, 1]), 1, 'VALID')).toThrow(/conv2d: the filter's height extent 5 exceeds the padded input size 2.*\[1,2,2,3\]/);
    expect(() => tl.conv2d(tl.zeros([5, 5]), w, 1, 'SAME')).toThrow(/conv2d: 'x' must have rank 4.* or 3/);
    expect(() => tl.conv2d(x, tl.zeros([3, 3, 3]), 1, 'SAME')).toThrow(/conv2d: 'filter' must have rank 4/);
    expect(() => tl.conv2d(x, tl.zeros([0, 3, 3, 4]), 1, 'SAME')).toThrow(/conv2d: 'filter' \[0,3,3,4\] has an empty spatial dim/);
    expect(() => tl.conv2d(tl.zeros([1, 5, 5, 3], 'int32'), tl.zeros([3, 3, 3, 4], 'int32'), 1, 'SAME')).toThrow(tl.DTypeError);
    expect(() => tl.conv2d(x, tl.zeros([3, 3, 3, 4], 'float64'), 1, 'SAME')).toThrow(/conv2d: 'x' is float32\[1,5,5,3\] and 'filter' is float64/);
    expect(() => tl.conv2d(x, w, 1, 'SAME', { groups: 0 })).toThrow(/conv2d: 'groups' must be a positive integer/);
    expect(() => tl.conv2d(tl.zeros([1, 5, 5, 4]), tl.zeros([3, 3, 2, 3]), 1, 'SAME', { groups: 2 })).toThrow(/not divisible by groups 2/);
    expect(() => tl.conv2d(x, w, 1, 'SAME', { dataFormat: 'NWHC' as 'NHWC' })).toThrow(/conv2d: 'dataFormat' must be 'NHWC' or 'NCHW'/);
    expect(() => tl.conv2d(x, w, undefined as unknown as number, 'SAME')).toThrow(/conv2d: 'strides' is required/);
    expect(() => tl.conv2d(x, w, 1, 'SAME', { dilations: 2 }, 2)).toThrow(/conv2d: pass 'dilations' inside the options object/);
    expect(() => tl.conv2d(x, w, 1, 'SAME', 7 as unknown as 'NHWC')).toThrow(/conv2d: options must be an object/);
  });

  it('validates the backprop ops and conv2dTranspose', () => {
    const w = tl.zeros([3, 3, 2, 4]);
    expect(() => tl.conv2dBackpropInput([1, 5, 5, 2], tl.zeros([1, 4, 4, 4]), w, 1, 'SAME')).toThrow(
      /conv2dBackpropInput: 'dy' \[1,4,4,4\] does not match the convolution output \[1,5,5,4\] of 'inputShape' \[1,5,5,2\]/,
    );
    expect(() => tl.conv2dBackpropInput([1, 5, 5, -2], tl.zeros([1, 5, 5, 4]), w, 1, 'SAME')).toThrow(tl.ShapeError);
    expect(() => tl.conv2dBackpropInput([1, 5, 5, 2], tl.zeros([5, 5, 4]), w, 1, 'SAME')).toThrow(/same rank/);
    expect(() => tl.conv2dBackpropFilter(tl.zeros([1, 5, 5, 2]), tl.zeros([1, 5, 5, 3]), [3, 3, 2, 4], 1, 'SAME')).toThrow(
      /conv2dBackpropFilter: 'dy' \[1,5,5,3\] does not match/,
    );
    expect(() => tl.conv2dTranspose(tl.zeros([1, 3, 3, 4]), w, [1, 5, 5, 2], 1, 'SAME')).toThrow(/conv2dTranspose: 'x' \[1,3,3,4\] does not match .*'outputShape' \[1,5,5,2\]/);
    expect(() => tl.conv2dTranspose(tl.zeros([1, 5, 5, 3]), w, [1, 5, 5, 2], 1, 'SAME')).toThrow(/conv2dTranspose/);
    expect(() => tl.conv2dTranspose(tl.zeros([1, 5, 5, 4]), w, [1, 5, 5, 3], 1, 'SAME')).toThrow(/conv2dTranspose: 'outputShape' has 3 input channels but 'filter' expects 2/);
  });

  it('leaks nothing (forward, gradients, second order)', () => {
    const x = f64([1, 4, 4, 2], 61), w = f64([2, 2, 2, 3], 62);
    expectNoLeak(() => tl.conv2d(x, w, 2, 'SAME'));
    expectNoLeak(() => tl.grads((x, w) => tl.conv2d(x, w, 1, 'VALID', { dilations: 2 }))([x, w]));
    expectNoLeak(() => tl.grad((x) => tl.sum(tl.mul(tl.grad((y) => tl.sum(tl.mul(tl.conv2d(y, w, 1, 'SAME'), tl.conv2d(y, w, 1, 'SAME'))))(x), x)))(x));
    expectNoLeak(() => tl.conv2dTranspose(tl.conv2d(x, w, 2, 'SAME'), w, [1, 4, 4, 2], 2, 'SAME'));
    expectNoLeak(() => tl.conv2d(tl.tensor([1, 2, 3, 4], [2, 2, 1]), [[[[1]]]], 1, 'VALID'));
    // a failing call frees what it created before throwing
    expectNoLeak(() => expect(() => tl.conv2d([[[1, 2]]], tl.zeros([1, 1, 3, 1]), 1, 'VALID')).toThrow(tl.ShapeError));
  });
});

describe('conv reference (self-check of the test oracle)', () => {
  it('agrees with a hand-computed case and SAME rule', () => {
    const r = refConv([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4], {
      xShape: [1, 3, 3, 1], wShape: [2, 2, 1, 1], strides: [1, 1], dilations: [1, 1], pads: [[0, 1], [0, 1]], groups: 1,
    });
    expect(Array.from(r.data)).toEqual([37, 47, 21, 67, 77, 33, 23, 26, 9]);
    expect(samePads(5, 3, 2, 1)).toEqual([1, 1]);
    expect(samePads(6, 3, 2, 1)).toEqual([0, 1]);
    expect(refOutShape({ xShape: [1, 7, 7, 1], wShape: [3, 3, 1, 1], strides: [2, 2], dilations: [1, 1], pads: [[0, 0], [0, 0]], groups: 1 })).toEqual([1, 3, 3, 1]);
  });
});

describeEachBackend('conv1d', (backend) => {
  const tol = tolFor(backend);

  it('hand-computed: VALID, SAME, stride, dilation, explicit pads, NCW, one example', () => {
    const x = tl.tensor([1, 2, 3, 4], [1, 4, 1]);
    const w = tl.tensor([1, 0, -1], [3, 1, 1]);
    // out[i] = x[i] - x[i + 2]
    expectClose(tl.conv1d(x, w, 1, 'VALID'), [-2, -2], { shape: [1, 2, 1] });
    // SAME pads one zero on each side
    expectClose(tl.conv1d(x, w, 1, 'SAME'), [-2, -2, -2, 3], { shape: [1, 4, 1] });
    expectClose(tl.conv1d(x, tl.tensor([1, -1], [2, 1, 1]), 2, 'same'), [-1, -1], { shape: [1, 2, 1] });
    // dilation 2 makes the window 5 wide: no output position fits a width-4 input
    expect(tl.conv1d(x, w, 1, 'VALID', { dilation: 2 }).shape).toEqual([1, 0, 1]);
    expect(tl.conv1d(x, w, 1, 'VALID', 'NWC', 2).shape).toEqual([1, 0, 1]);
    expectClose(tl.conv1d(x, w, 1, [[2, 0]]), [-1, -2, -2, -2], { shape: [1, 4, 1] });
    expectClose(tl.conv1d(x, w, 1, 1), [-2, -2, -2, 3]);
    expectClose(tl.conv1d(tl.tensor([1, 2, 3, 4], [4, 1]), w, 1, 'VALID'), [-2, -2], { shape: [2, 1] });
    // NCW: 2 channels [1,2,3] and [10,20,30], filter width 1 sums them with weights 1 and 2
    expectClose(tl.conv1d(tl.tensor([1, 2, 3, 10, 20, 30], [1, 2, 3]), tl.tensor([1, 2], [1, 2, 1]), 1, 'VALID', 'NCW'), [21, 42, 63], {
      shape: [1, 1, 3],
    });
  });

  it('matches the reference over strides, dilations, padding, groups and formats', () => {
    let seed = 300;
    for (const s of [1, 2, 3]) {
      for (const d of [1, 2]) {
        for (const pad of ['SAME', 'VALID', 'EXPLICIT'] as const) {
          for (const groups of [1, 3]) {
            for (const fmt of ['NWC', 'NCW'] as const) {
              seed++;
              const Wd = 7 + (seed % 5), C = 3, O = 6, k = 2 + (seed % 2);
              const xShape = [2, Wd, C], wShape = [k, C / groups, O];
              const pads: [number, number][] = [pad === 'SAME' ? samePads(Wd, k, s, d) : pad === 'VALID' ? [0, 0] : [2, 1]];
              const xv = randValues(2 * Wd * C, seed), wv = randValues(k * (C / groups) * O, seed + 7);
              const ref = refConv(xv, wv, { xShape, wShape, strides: [s], dilations: [d], pads, groups });
              tl.tidy(() => {
                const padding = pad === 'EXPLICIT' ? [[2, 1]] : pad;
                const xt = fmt === 'NWC' ? { data: xv, shape: xShape } : permute(xv, xShape, toFirst(3));
                const y = tl.conv1d(tl.tensor(xt.data, xt.shape, 'float64'), tl.tensor(wv, wShape, 'float64'), s, padding, {
                  dataFormat: fmt, dilation: d, groups,
                });
                const want = fmt === 'NWC' ? ref : permute(ref.data, ref.shape, toFirst(3));
                expectClose(y, want.data, { shape: want.shape });
                if (fmt === 'NWC') {
                  const y32 = tl.conv1d(tl.tensor(xv, xShape), tl.tensor(wv, wShape), s, padding, { dilation: d, groups });
                  expectClose(y32, ref.data, tol);
                }
              });
            }
          }
        }
      }
    }
  });

  it('gradients (float64), errors, no leaks', () => {
    checkGrad((x, w) => tl.conv1d(x, w, 2, 'SAME', { dilation: 2 }), [f64([2, 7, 3], 81), f64([3, 3, 2], 82)]);
    checkGrad((x, w) => tl.conv1d(x, w, 1, [[1, 2]], 'NCW'), [f64([1, 3, 6], 83), f64([2, 3, 2], 84)]);
    const w = tl.zeros([3, 2, 4]);
    expect(() => tl.conv1d(tl.zeros([1, 5, 3]), w, 1, 'SAME')).toThrow(/conv1d: 'x' has 3 input channels but 'filter' expects 2 .*\[1,5,3\].*\[3,2,4\]/);
    expect(() => tl.conv1d(tl.zeros([5]), w, 1, 'SAME')).toThrow(/conv1d: 'x' must have rank 3/);
    expect(() => tl.conv1d(tl.zeros([1, 5, 2]), tl.zeros([3, 2, 4, 1]), 1, 'SAME')).toThrow(/conv1d: 'filter' must have rank 3/);
    expect(() => tl.conv1d(tl.zeros([1, 2, 2]), tl.zeros([5, 2, 1]), 1, 'VALID')).toThrow(/conv1d: the filter's width extent 5 exceeds/);
    expect(() => tl.conv1d(tl.zeros([1, 5, 2]), w, 0, 'SAME')).toThrow(/conv1d: 'strides'/);
    expect(() => tl.conv1d(tl.zeros([1, 5, 2]), w, 1, 'SAME', 'NHWC' as 'NWC')).toThrow(/conv1d: 'dataFormat' must be 'NWC' or 'NCW'/);
    const x = f64([2, 6, 3], 85), wf = f64([2, 3, 2], 86);
    expectNoLeak(() => tl.grads((x, w) => tl.conv1d(x, w, 2, 'SAME'))([x, wf]));
  });
});

/** Depthwise reference, straight from TF's definition: y[n,i,j,c*M+m] = sum_{a,b} x[n, i s + a d - p, j s + b d - p, c] f[a,b,c,m]. */
function refDepthwise(x: Float64Array, xs: number[], f: Float64Array, fs: number[], s: number[], d: number[], pads: [number, number][]): { data: Float64Array; shape: number[] } {
  const [N, H, W, C] = xs as [number, number, number, number];
  const [KH, KW, , M] = fs as [number, number, number, number];
  const OH = Math.floor((H + pads[0]![0] + pads[0]![1] - ((KH - 1) * d[0]! + 1)) / s[0]!) + 1;
  const OW = Math.floor((W + pads[1]![0] + pads[1]![1] - ((KW - 1) * d[1]! + 1)) / s[1]!) + 1;
  const y = new Float64Array(N * OH * OW * C * M);
  for (let n = 0; n < N; n++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) {
    let acc = 0;
    for (let a = 0; a < KH; a++) for (let b = 0; b < KW; b++) {
      const r = i * s[0]! + a * d[0]! - pads[0]![0], q = j * s[1]! + b * d[1]! - pads[1]![0];
      if (r >= 0 && r < H && q >= 0 && q < W) acc += x[((n * H + r) * W + q) * C + c]! * f[((a * KW + b) * C + c) * M + m]!;
    }
    y[(((n * OH + i) * OW + j) * C + c) * M + m] = acc;
  }
  return { data: y, shape: [N, OH, OW, C * M] };
}

describeEachBackend('depthwiseConv2d', () => {
  it('hand-computed: each channel has its own filters', () => {
    // x: width 2, channels (1, 2) then (3, 4); filter [1, 2, 2, 2]
    const y = tl.depthwiseConv2d(tl.tensor([1, 2, 3, 4], [1, 1, 2, 2]), tl.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]), 1, 'VALID');
    // ch (c0, m0) = 1*1 + 3*5; (c0, m1) = 1*2 + 3*6; (c1, m0) = 2*3 + 4*7; (c1, m1) = 2*4 + 4*8
    expectClose(y, [16, 20, 34, 40], { shape: [1, 1, 1, 4] });
  });

  it('matches the reference over strides, dilations, padding, multipliers and formats', () => {
    let seed = 500;
    for (const s of [1, 2, 3]) for (const d of [1, 2]) for (const pad of ['SAME', 'VALID', 'EXPLICIT'] as const) for (const M of [1, 2]) {
      seed++;
      const xs = [2, 6 + (seed % 3), 5 + (seed % 2), 3], fs = [2 + (seed % 2), 3, 3, M];
      const pads: [number, number][] = pad === 'SAME' ? [samePads(xs[1]!, fs[0]!, s, d), samePads(xs[2]!, fs[1]!, s, d)] : pad === 'VALID' ? [[0, 0], [0, 0]] : [[1, 0], [2, 1]];
      const xv = randValues(xs.reduce((a, b) => a * b), seed), fv = randValues(fs.reduce((a, b) => a * b), seed + 9);
      const ref = refDepthwise(xv, xs, fv, fs, [s, s], [d, d], pads);
      tl.tidy(() => {
        const padding = pad === 'EXPLICIT' ? [[1, 0], [2, 1]] : pad;
        const y = tl.depthwiseConv2d(tl.tensor(xv, xs, 'float64'), tl.tensor(fv, fs, 'float64'), s, padding, { dilations: d });
        expectClose(y, ref.data, { shape: ref.shape });
        const yc = tl.depthwiseConv2d(tl.transpose(tl.tensor(xv, xs, 'float64'), [0, 3, 1, 2]), tl.tensor(fv, fs, 'float64'), s, padding, {
          dilations: d, dataFormat: 'NCHW',
        });
        expectClose(tl.transpose(yc, [0, 2, 3, 1]), ref.data, { shape: ref.shape });
      });
    }
  });

  it('gradients (float64), edge shapes, errors, no leaks', () => {
    checkGrad((x, f) => tl.depthwiseConv2d(x, f, 2, 'SAME', { dilations: 2 }), [f64([1, 5, 5, 2], 91), f64([3, 3, 2, 2], 92)]);
    checkGrad((x, f) => tl.depthwiseConv2d(x, f, 1, 'VALID', 'NCHW'), [f64([1, 3, 4, 4], 93), f64([2, 2, 3, 1], 94)]);
    expect(tl.depthwiseConv2d(tl.zeros([1, 4, 4, 0]), tl.zeros([2, 2, 0, 3]), 1, 'SAME').shape).toEqual([1, 4, 4, 0]);
    expect(tl.depthwiseConv2d(tl.zeros([4, 4, 2]), tl.zeros([2, 2, 2, 3]), 2, 'SAME').shape).toEqual([2, 2, 6]);
    expect(() => tl.depthwiseConv2d(tl.zeros([1, 4, 4, 3]), tl.zeros([2, 2, 2, 1]), 1, 'SAME')).toThrow(
      /depthwiseConv2d: 'x' \[1,4,4,3\] has 3 channels but 'filter' \[2,2,2,1\]/,
    );
    expect(() => tl.depthwiseConv2d(tl.zeros([1, 4, 4, 3]), tl.zeros([2, 2, 3]), 1, 'SAME')).toThrow(/depthwiseConv2d: 'filter' must have rank 4/);
    expect(() => tl.depthwiseConv2d(tl.zeros([4, 3]), tl.zeros([2, 2, 3, 1]), 1, 'SAME')).toThrow(/depthwiseConv2d: 'x' must have rank 4/);
    expect(() => tl.depthwiseConv2d(tl.zeros([1, 4, 4, 3]), tl.zeros([2, 2, 3, 1]), [1, 2, 2, 2], 'SAME')).toThrow(/depthwiseConv2d: 'strides'/);
    const x = f64([1, 4, 4, 2], 95), f = f64([2, 2, 2, 2], 96);
    expectNoLeak(() => tl.grads((x, f) => tl.depthwiseConv2d(x, f, 1, 'SAME'))([x, f]));
  });
});
