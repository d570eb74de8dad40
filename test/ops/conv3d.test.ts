import { expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';
import { dot, permute, refConv, samePads, toFirst, toLast } from './conv_reference.js';
import { inferConv3dShape } from '../../src/ops/conv3d.js';

const f64 = (shape: number[], seed: number) => tl.tensor(randValues(shape.reduce((a, b) => a * b, 1), seed), shape, 'float64');

describeEachBackend('conv3d', (backend) => {
  const tol = tolFor(backend);

  it('hand-computed VALID and SAME (extra pad at the end)', () => {
    // x[d][h][w] = 1 + 4d + 2h + w on a 2x2x2 cube
    const x = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    const ones = tl.ones([2, 2, 2, 1, 1]);
    expectClose(tl.conv3d(x, ones, 1, 'VALID'), [36], { shape: [1, 1, 1, 1, 1] });
    // SAME: each output sums the part of the 2x2x2 window at (d, h, w) that lies inside the cube
    expectClose(tl.conv3d(x, ones, 1, 'SAME'), [36, 20, 22, 12, 26, 14, 15, 8], { shape: [1, 2, 2, 2, 1] });
    expectClose(tl.conv3d(x, ones, [1, 1, 1, 1, 1], 'same'), [36, 20, 22, 12, 26, 14, 15, 8]);
    // 1x1x1 filter mixing 2 channels into 1, stride 2 keeps the corner only
    const x2 = tl.tensor(Array.from({ length: 16 }, (_, i) => i), [1, 2, 2, 2, 2]);
    expectClose(tl.conv3d(x2, tl.tensor([1, 10], [1, 1, 1, 2, 1]), 2, 'VALID'), [10], { shape: [1, 1, 1, 1, 1] });
    // explicit pads: one plane in front
    expectClose(tl.conv3d(x, tl.ones([1, 1, 1, 1, 1]), 1, [[1, 0], [0, 0], [0, 0]]), [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8], { shape: [1, 3, 2, 2, 1] });
    // backprop and transpose, by hand: a single dy cell spreads the filter
    const w = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1, 1]);
    expectClose(tl.conv3dBackpropInput([1, 2, 2, 2, 1], tl.tensor([2], [1, 1, 1, 1, 1]), w, 1, 'VALID'), [2, 4, 6, 8, 10, 12, 14, 16]);
    expectClose(tl.conv3dTranspose(tl.tensor([2], [1, 1, 1, 1, 1]), w, [1, 2, 2, 2, 1], 1, 'VALID'), [2, 4, 6, 8, 10, 12, 14, 16]);
    expectClose(tl.conv3dBackpropFilter(x, tl.tensor([1], [1, 1, 1, 1, 1]), [2, 2, 2, 1, 1], 1, 'VALID'), [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('matches the reference over strides, dilations, padding, groups and formats', () => {
    let seed = 700;
    for (const s of [1, 2, 3]) {
      for (const d of [1, 2]) {
        for (const pad of ['SAME', 'VALID', 'EXPLICIT'] as const) {
          for (const groups of [1, 2]) {
            for (const fmt of ['NDHWC', 'NCDHW'] as const) {
              seed++;
              const D = 4 + (seed % 3), H = 5 + (seed % 2), W = 5, C = 2, O = 4;
              const k = [2, 1 + (seed % 3), 2];
              const xShape = [2, D, H, W, C], wShape = [...k, C / groups, O];
              const pads: [number, number][] =
                pad === 'SAME' ? [samePads(D, k[0]!, s, d), samePads(H, k[1]!, s, d), samePads(W, k[2]!, s, d)]
                  : pad === 'VALID' ? [[0, 0], [0, 0], [0, 0]] : [[1, 0], [0, 2], [1, 1]];
              const xv = randValues(xShape.reduce((a, b) => a * b), seed), wv = randValues(wShape.reduce((a, b) => a * b), seed + 3);
              const ref = refConv(xv, wv, { xShape, wShape, strides: [s, s, s], dilations: [d, d, d], pads, groups });
              tl.tidy(() => {
                const padding = pad === 'EXPLICIT' ? [[1, 0], [0, 2], [1, 1]] : pad;
                const opts = { dataFormat: fmt, dilations: d, groups };
                if (fmt === 'NDHWC') {
                  expectClose(tl.conv3d(tl.tensor(xv, xShape, 'float64'), tl.tensor(wv, wShape, 'float64'), s, padding, opts), ref.data, {
                    shape: ref.shape,
                  });
                  expectClose(tl.conv3d(tl.tensor(xv, xShape), tl.tensor(wv, wShape), s, padding, opts), ref.data, tol);
                } else {
                  const y = tl.conv3d(tl.transpose(tl.tensor(xv, xShape, 'float64'), toFirst(5)), tl.tensor(wv, wShape, 'float64'), s, padding, opts);
                  const want = permute(ref.data, ref.shape, toFirst(5));
                  expectClose(y, want.data, { shape: want.shape });
                  expectClose(tl.transpose(y, toLast(5)), ref.data);
                }
              });
            }
          }
        }
      }
    }
  });

  it('conv3dTranspose / backprop filter are adjoints of conv3d', () => {
    const cases = [
      { x: [1, 5, 4, 6, 2], k: [3, 2, 3, 2, 3], s: [2, 1, 2], p: 'SAME' as tl.ConvPadding, d: 1, fmt: 'NDHWC' as const },
      { x: [2, 3, 6, 5, 4], k: [2, 2, 2, 3, 2], s: [1, 2, 1], p: [[1, 0], [0, 1], [2, 2]] as tl.ConvPadding, d: 2, fmt: 'NCDHW' as const },
    ];
    let seed = 800;
    for (const c of cases) {
      tl.tidy(() => {
        const x = f64(c.x, seed++), W = f64(c.k, seed++);
        const opts = { dataFormat: c.fmt, dilations: c.d };
        const y = f64(inferConv3dShape(c.x, c.k, c.s, c.p, opts), seed++);
        const lhs = dot(tl.conv3d(x, W, c.s, c.p, opts).dataSync() as Float64Array, y.dataSync() as Float64Array);
        const t = tl.conv3dTranspose(y, W, c.x, c.s, c.p, opts);
        expect(Math.abs(lhs - dot(x.dataSync() as Float64Array, t.dataSync() as Float64Array))).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
        const gw = tl.conv3dBackpropFilter(x, y, c.k, c.s, c.p, opts);
        expect(Math.abs(lhs - dot(W.dataSync() as Float64Array, gw.dataSync() as Float64Array))).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
      });
    }
  });

  it('gradients match finite differences (float64), including second order', () => {
    const x = f64([1, 4, 3, 4, 2], 901), w = f64([2, 2, 2, 2, 2], 902);
    checkGrad((x, w) => tl.conv3d(x, w, 1, 'VALID'), [x, w]);
    checkGrad((x, w) => tl.conv3d(x, w, 2, 'SAME'), [x, w]);
    checkGrad((x, w) => tl.conv3d(x, w, [1, 2, 1], [[0, 1], [1, 1], [0, 0]], { dilations: [2, 1, 1], dataFormat: 'NCDHW' }), [f64([1, 2, 5, 3, 4], 903), w]);
    checkGrad((dy, w) => tl.conv3dBackpropInput([1, 4, 3, 4, 2], dy, w, 2, 'SAME'), [f64([1, 2, 2, 2, 2], 904), w]);
    checkGrad((x, dy) => tl.conv3dBackpropFilter(x, dy, [2, 2, 2, 2, 2], 2, 'SAME'), [x, f64([1, 2, 2, 2, 2], 905)]);
    const sq = (x: tl.Tensor, w: tl.Tensor) => tl.grad((x) => tl.sum(tl.mul(tl.conv3d(x, w, 1, 'SAME'), tl.conv3d(x, w, 1, 'SAME'))))(x);
    checkGrad(sq, [f64([1, 3, 3, 2, 2], 906), w]);
  });

  it('edge shapes: empty batch/channels, one example, output size 0', () => {
    const w = f64([2, 2, 2, 2, 3], 911);
    expect(tl.conv3d(tl.zeros([0, 3, 3, 3, 2], 'float64'), w, 1, 'SAME').shape).toEqual([0, 3, 3, 3, 3]);
    expectClose(tl.conv3d(tl.zeros([1, 2, 2, 2, 0]), tl.zeros([1, 1, 1, 0, 2]), 1, 'VALID'), new Array(16).fill(0), { shape: [1, 2, 2, 2, 2] });
    expect(tl.conv3d(f64([1, 1, 3, 3, 2], 912), w, 1, 'VALID').shape).toEqual([1, 0, 2, 2, 3]);
    const x = f64([1, 3, 4, 3, 2], 913);
    const y3 = tl.conv3d(tl.reshape(x, [3, 4, 3, 2]), w, 2, 'SAME');
    expect(y3.shape).toEqual([2, 2, 2, 3]);
    expectClose(y3, tl.conv3d(x, w, 2, 'SAME').dataSync() as Float64Array);
  });

  it('validates its arguments with typed errors naming conv3d and the shapes', () => {
    const x = tl.zeros([1, 4, 4, 4, 3]);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 2, 2, 1]), 1, 'SAME')).toThrow(/conv3d: 'x' has 3 input channels but 'filter' expects 2 .*\[1,4,4,4,3\]/);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 3, 1]), 1, 'SAME')).toThrow(/conv3d: 'filter' must have rank 5/);
    expect(() => tl.conv3d(tl.zeros([4, 4, 3]), tl.zeros([2, 2, 2, 3, 1]), 1, 'SAME')).toThrow(/conv3d: 'x' must have rank 5/);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 2, 3, 1]), [1, 0, 1], 'SAME')).toThrow(tl.ArgumentError);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 2, 3, 1]), [1, 1], 'SAME')).toThrow(/conv3d: 'strides' \[1,1\] must .* 3 \(spatial\) or 5/);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 2, 3, 1]), 1, [[1, 1], [1, 1]])).toThrow(/conv3d: explicit 'padding'/);
    expect(() => tl.conv3d(x, tl.zeros([6, 2, 2, 3, 1]), 1, 'VALID')).toThrow(/conv3d: the filter's depth extent 6 exceeds the padded input size 4/);
    expect(() => tl.conv3d(x, tl.zeros([2, 2, 2, 3, 1]), 1, 'SAME', 'NHWC' as 'NDHWC')).toThrow(/conv3d: 'dataFormat' must be 'NDHWC' or 'NCDHW'/);
    expect(() => tl.conv3d(tl.zeros([1, 4, 4, 4, 3], 'int32'), tl.zeros([2, 2, 2, 3, 1], 'int32'), 1, 'SAME')).toThrow(tl.DTypeError);
    expect(() => tl.conv3dTranspose(tl.zeros([1, 2, 2, 2, 1]), tl.zeros([2, 2, 2, 3, 1]), [1, 4, 4, 4, 3], 1, 'SAME')).toThrow(
      /conv3dTranspose: 'x' \[1,2,2,2,1\] does not match the convolution output \[1,4,4,4,1\]/,
    );
    expect(() => tl.conv3dBackpropFilter(x, tl.zeros([1, 4, 4, 4, 2]), [2, 2, 2, 3, 1], 1, 'SAME')).toThrow(/conv3dBackpropFilter: 'dy'/);
  });

  it('leaks nothing', () => {
    const x = f64([1, 3, 3, 3, 2], 921), w = f64([2, 2, 2, 2, 2], 922);
    expectNoLeak(() => tl.conv3d(x, w, 1, 'SAME'));
    expectNoLeak(() => tl.grads((x, w) => tl.conv3d(x, w, 2, 'SAME', { dilations: 1 }))([x, w]));
    expectNoLeak(() => tl.conv3dTranspose(tl.conv3d(x, w, 1, 'VALID'), w, [1, 3, 3, 3, 2], 1, 'VALID'));
  });
});
