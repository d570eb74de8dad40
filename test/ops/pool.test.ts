import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';
import { computePoolInfo } from '../../src/ops/pool_util.js';

// ---- naive reference (channels-last, any number of spatial dims), written independently of the kernels ----

interface RefPool {
  out: Float64Array;
  outShape: number[];
  /** d sum(out * dy) / dx for the given dy. */
  grad: (dy: ArrayLike<number>) => Float64Array;
}

/** TF's documented sizes: SAME out = ceil(in / s), VALID out = ceil((in - k + 1) / s). */
function refPads(inSize: number, k: number, s: number, padding: 'SAME' | 'VALID'): { out: number; before: number } {
  if (padding === 'VALID') return { out: Math.ceil((inSize - k + 1) / s), before: 0 };
  const out = Math.ceil(inSize / s);
  const total = Math.max(0, (out - 1) * s + k - inSize);
  return { out, before: Math.floor(total / 2) };
}

function refPool(kind: 'max' | 'avg', x: ArrayLike<number>, shape: number[], ks: number[], ss: number[], padding: 'SAME' | 'VALID'): RefPool {
  const nd = shape.length - 2;
  const [batch, ch] = [shape[0]!, shape[nd + 1]!];
  const sp = shape.slice(1, nd + 1);
  const geo = sp.map((n, i) => refPads(n, ks[i]!, ss[i]!, padding));
  const outSp = geo.map((g) => g.out);
  const outShape = [batch, ...outSp, ch];
  const flatIn = (b: number, pos: number[], c: number) => {
    let idx = b;
    for (let i = 0; i < nd; i++) idx = idx * sp[i]! + pos[i]!;
    return idx * ch + c;
  };
  const outCount = outSp.reduce((a, b) => a * b, 1);
  const out = new Float64Array(batch * outCount * ch);
  const winner = new Int32Array(out.length); // max: flat input index of the first maximum
  const members: number[][] = []; // avg: input indices of each window
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < outCount; q++) {
      // decode q into output coordinates
      const opos: number[] = [];
      let rem = q;
      for (let i = nd - 1; i >= 0; i--) {
        opos[i] = rem % outSp[i]!;
        rem = Math.floor(rem / outSp[i]!);
      }
      // every window offset, row-major
      const offsets: number[][] = [[]];
      for (let i = 0; i < nd; i++) {
        const next: number[][] = [];
        for (const pre of offsets) for (let k = 0; k < ks[i]!; k++) next.push([...pre, k]);
        offsets.splice(0, offsets.length, ...next);
      }
      for (let c = 0; c < ch; c++) {
        const inside: number[] = [];
        for (const off of offsets) {
          const pos = off.map((k, i) => opos[i]! * ss[i]! - geo[i]!.before + k);
          if (pos.every((p, i) => p >= 0 && p < sp[i]!)) inside.push(flatIn(b, pos, c));
        }
        if (kind === 'max') {
          let best = inside[0]!;
          for (const idx of inside) if (x[idx]! > x[best]!) best = idx;
          out[o] = x[best]!;
          winner[o] = best;
        } else {
          out[o] = inside.reduce((s, idx) => s + x[idx]!, 0) / inside.length;
          members[o] = inside;
        }
        o++;
      }
    }
  }
  const grad = (dy: ArrayLike<number>) => {
    const g = new Float64Array(x.length);
    for (let i = 0; i < out.length; i++) {
      if (kind === 'max') g[winner[i]!] += dy[i]!;
      else for (const idx of members[i]!) g[idx] += dy[i]! / members[i]!.length;
    }
    return g;
  };
  return { out, outShape, grad };
}

/** NHWC data -> NCHW data (any number of spatial dims). */
function toChannelsFirst(x: ArrayLike<number>, shape: number[]): Float64Array {
  const nd = shape.length - 2;
  const [batch, ch] = [shape[0]!, shape[nd + 1]!];
  const inner = shape.slice(1, nd + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let b = 0; b < batch; b++) for (let p = 0; p < inner; p++) for (let c = 0; c < ch; c++) out[(b * ch + c) * inner + p] = x[(b * inner + p) * ch + c]!;
  return out;
}

/** Distinct values (no ties, so max pooling is differentiable) in a shuffled order. */
function distinct(n: number, seed: number): Float64Array {
  const r = randValues(n, seed);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => r[a]! - r[b]!);
  const out = new Float64Array(n);
  order.forEach((pos, rank) => (out[pos] = (rank - n / 2) * 0.37 + 0.01 * r[pos]!));
  return out;
}

const golden = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')) as {
  cases: { op: string; attrs: Record<string, unknown>; inputs: { shape: number[]; data: number[] }[]; outputs: { shape: number[]; data: number[] }[]; upstream: { shape: number[]; data: number[] }[]; grads: { shape: number[]; data: number[] }[] }[];
};

describeEachBackend('pooling', (backend) => {
  const tol = tolFor(backend);

  it('hand values: 2x2 VALID max and avg on a 4x4 image', () => {
    const x = tl.tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    expectClose(tl.maxPool(x, 2, 2, 'VALID'), [6, 8, 14, 16], { shape: [1, 2, 2, 1] });
    expectClose(tl.avgPool(x, [2, 2], [2, 2], 'valid'), [3.5, 5.5, 11.5, 13.5], { shape: [1, 2, 2, 1] });
    expectClose(tl.maxPool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'), [6, 8, 14, 16]);
  });

  it("hand values: SAME puts the extra pad at the end and avgPool counts only cells inside", () => {
    const x = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    // windows: rows {0,1},{2}; cols {0,1},{2}
    expectClose(tl.maxPool(x, 2, 2, 'SAME'), [5, 6, 8, 9], { shape: [1, 2, 2, 1] });
    expectClose(tl.avgPool(x, 2, 2, 'SAME'), [3, 4.5, 7.5, 9], { shape: [1, 2, 2, 1] });
    // ksize 3 stride 1 SAME: one pad on each side
    expectClose(tl.avgPool(x, 3, 1, 'SAME'), [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7], { shape: [1, 3, 3, 1] });
    // the avgPool gradient with SAME divides by the cells inside (tfjs gets this wrong)
    const g = tl.grad((t) => tl.avgPool(t, 2, 2, 'SAME'))(x);
    expectClose(g, [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
  });

  it('hand values: NCHW, explicit padding, batchless input', () => {
    // two channels: c0 = 1..4, c1 = 10,20,30,40 as 2x2 images
    const nchw = tl.tensor([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
    expectClose(tl.maxPool(nchw, 2, 1, 'VALID', { dataFormat: 'NCHW' }), [4, 40], { shape: [1, 2, 1, 1] });
    expectClose(tl.avgPool(nchw, [1, 1, 2, 2], 1, 'VALID', { dataFormat: 'NCHW' }), [2.5, 25], { shape: [1, 2, 1, 1] });
    const x = tl.tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    // pad 1 before and after on both dims: 3x3 output of 2x2 windows; padded cells never count
    expectClose(tl.avgPool(x, 2, 1, [[1, 1], [1, 1]]), [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], { shape: [1, 3, 3, 1] });
    expectClose(tl.maxPool(x, 2, 1, 1), [1, 2, 2, 3, 4, 4, 3, 4, 4], { shape: [1, 3, 3, 1] });
    expectClose(tl.maxPool(x, 2, 1, [[0, 0], [1, 0], [0, 0], [0, 0]]), [2, 4], { shape: [1, 2, 1, 1] });
    // rank 3: one example without the batch dimension
    expectClose(tl.maxPool(tl.tensor([1, 2, 3, 4], [2, 2, 1]), 2, 2, 'VALID'), [4], { shape: [1, 1, 1] });
  });

  it('hand values: 3-D pooling (NDHWC and NCDHW)', () => {
    const x = tl.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    expectClose(tl.maxPool3d(x, 2, 2, 'VALID'), [8], { shape: [1, 1, 1, 1, 1] });
    expectClose(tl.avgPool3d(x, 2, 2, 'VALID'), [4.5]);
    expectClose(tl.avgPool3d(x, [1, 2, 2, 2, 1], 1, 'SAME'), [4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8], { shape: [1, 2, 2, 2, 1] });
    // window depth 1: each depth plane pooled on its own
    expectClose(tl.avgPool3d(x, [1, 2, 2], 1, 'SAME'), [2.5, 3, 3.5, 4, 6.5, 7, 7.5, 8]);
    const x2 = tl.reshape(x, [1, 1, 2, 2, 2]);
    expectClose(tl.maxPool3d(x2, [2, 1, 2], 1, 'VALID', { dataFormat: 'NCDHW' }), [6, 8], { shape: [1, 1, 1, 2, 1] });
    const g = tl.grad((t) => tl.maxPool3d(t, 2, 1, 'SAME'))(x);
    // every window's max is 8 except those not containing it: windows start at (d,h,w), max at (1,1,1) for all
    expectClose(g, [0, 0, 0, 0, 0, 0, 0, 8]);
  });

  it('max pooling gradient goes to the first maximum of each window (ties)', () => {
    const x = tl.tensor([1, 1, 1, 1], [1, 2, 2, 1]);
    expectClose(tl.grad((t) => tl.maxPool(t, 2, 2, 'VALID'))(x), [1, 0, 0, 0]);
    // overlapping windows along a row: [3, 5, 5, 2], k 2 s 1 -> windows (3,5) (5,5) (5,2) pick cells 1, 1, 2
    const row = tl.tensor([3, 5, 5, 2], [1, 1, 4, 1]);
    expectClose(tl.grad((t) => tl.maxPool(t, [1, 2], 1, 'VALID'))(row), [0, 2, 1, 0]);
    const xi = tl.tensor([1, 5, 2, 5], [1, 2, 2, 1], 'int32');
    expect(tl.maxPool(xi, 2, 2, 'VALID').arraySync()).toEqual([[[[5]]]]);
    expect(tl.maxPool(xi, 2, 2, 'VALID').dtype).toBe('int32');
  });

  it('NaN in a window propagates to the max', () => {
    const x = tl.tensor([1, NaN, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]);
    expectClose(tl.maxPool(x, 2, 2, 'VALID'), [NaN, 8]);
  });

  it('matches the naive reference on random shapes, windows, strides and paddings (2-D and 3-D, both layouts)', () => {
    let seed = 11;
    for (const nd of [2, 3]) {
      for (let trial = 0; trial < (nd === 2 ? 40 : 16); trial++) {
        seed++;
        const r = randValues(12, seed, 0, 1);
        const pick = (i: number, lo: number, hi: number) => lo + Math.floor(r[i]! * (hi - lo + 1));
        const sp = Array.from({ length: nd }, (_, i) => pick(i, 1, nd === 2 ? 7 : 4));
        const shape = [pick(3, 1, 2), ...sp, pick(4, 1, 3)];
        const ks = Array.from({ length: nd }, (_, i) => pick(5 + i, 1, 3));
        const ss = Array.from({ length: nd }, (_, i) => pick(8 + i, 1, 3));
        const padding = r[11]! < 0.5 || sp.some((n, i) => n < ks[i]!) ? 'SAME' : 'VALID';
        const vals = randValues(shape.reduce((a, b) => a * b, 1), seed * 7);
        for (const kind of ['max', 'avg'] as const) {
          const ref = refPool(kind, vals, shape, ks, ss, padding);
          const dy = randValues(ref.out.length, seed * 13);
          const refGrad = ref.grad(dy);
          const fn = nd === 2 ? (kind === 'max' ? tl.maxPool : tl.avgPool) : kind === 'max' ? tl.maxPool3d : tl.avgPool3d;
          const ctx = `${kind} nd=${nd} shape=[${shape}] k=[${ks}] s=[${ss}] ${padding}`;
          tl.tidy(() => {
            const x = tl.tensor(vals, shape, 'float32');
            const y = fn(x, ks, ss, padding);
            expect(y.shape, ctx).toEqual(ref.outShape);
            expectClose(y, ref.out, tol);
            const g = tl.grads((t) => fn(t, ks, ss, padding))([x], tl.tensor(dy, ref.outShape, 'float32'))[0]!;
            expectClose(g, refGrad, tol);
            // channels-first layout gives the same numbers, transposed
            const cfShape = [shape[0]!, shape[nd + 1]!, ...sp];
            const cfOut = [ref.outShape[0]!, ref.outShape[nd + 1]!, ...ref.outShape.slice(1, nd + 1)];
            const fmt = (nd === 2 ? 'NCHW' : 'NCDHW') as never;
            const xc = tl.tensor(toChannelsFirst(vals, shape), cfShape, 'float32');
            expectClose(fn(xc, ks, ss, padding, { dataFormat: fmt }), toChannelsFirst(ref.out, ref.outShape), tol);
            const gc = tl.grads((t) => fn(t, ks, ss, padding, { dataFormat: fmt }))([xc], tl.tensor(toChannelsFirst(dy, ref.outShape), cfOut, 'float32'))[0]!;
            expectClose(gc, toChannelsFirst(refGrad, shape), tol);
          });
        }
      }
    }
  });

  it('golden vectors (maxPool, avgPool)', () => {
    const cases = golden.cases.filter((c) => c.op === 'maxPool' || c.op === 'avgPool');
    expect(cases.length).toBe(8);
    for (const c of cases) {
      tl.tidy(() => {
        const a = c.attrs as { ksize: number[]; strides: number[]; padding: 'SAME' | 'VALID'; dataFormat: 'NHWC' };
        const fn = c.op === 'maxPool' ? tl.maxPool : tl.avgPool;
        for (const dtype of ['float32', 'float64'] as const) {
          if (dtype === 'float64' && backend !== 'js') continue;
          const opts = dtype === 'float64' ? { atol: 1e-9, rtol: 1e-9 } : { atol: 1e-4, rtol: 1e-3 };
          const x = tl.tensor(c.inputs[0]!.data, c.inputs[0]!.shape, dtype);
          const f = (t: Tensor) => fn(t, a.ksize, a.strides, a.padding, { dataFormat: a.dataFormat });
          expectClose(f(x), c.outputs[0]!.data, { ...opts, shape: c.outputs[0]!.shape });
          const g = tl.grads(f)([x], tl.tensor(c.upstream[0]!.data, c.upstream[0]!.shape, dtype))[0]!;
          expectClose(g, c.grads[0]!.data, opts);
        }
      });
    }
  });

  it('numeric gradient checks (float64)', () => {
    const x = tl.tensor(distinct(2 * 5 * 6 * 3, 5), [2, 5, 6, 3], 'float64');
    checkGrad((t) => tl.maxPool(t, 3, 2, 'SAME'), [x]);
    checkGrad((t) => tl.avgPool(t, [3, 2], [1, 2], 'SAME'), [x]);
    checkGrad((t) => tl.avgPool(t, 2, 1, 'VALID', { dataFormat: 'NCHW' }), [x]);
    const x3 = tl.tensor(distinct(1 * 3 * 4 * 3 * 2, 9), [1, 3, 4, 3, 2], 'float64');
    checkGrad((t) => tl.maxPool3d(t, 2, [1, 2, 2], 'SAME'), [x3]);
    checkGrad((t) => tl.avgPool3d(t, [2, 3, 2], 1, 'SAME'), [x3]);
    checkGrad((t) => tl.maxPool3d(t, 2, 1, 'VALID', { dataFormat: 'NCDHW' }), [x3]);
    // second order: AvgPoolGrad is linear in dy, its gradient is avgPool
    const dy = tl.tensor(randValues(2 * 3 * 3 * 3, 4), [2, 3, 3, 3], 'float64');
    checkGrad((d) => tl.avgPoolGrad(d, [2, 5, 6, 3], 3, 2, 'SAME'), [dy]);
    const dy3 = tl.tensor(randValues(1 * 2 * 2 * 2 * 2, 8), [1, 2, 2, 2, 2], 'float64');
    checkGrad((d) => tl.avgPool3dGrad(d, [1, 3, 4, 3, 2], 2, 2, 'SAME'), [dy3]);
  });

  it('edge shapes: empty batch/channels/spatial, inputs from transpose and slice, float64', () => {
    expect(tl.maxPool(tl.zeros([0, 4, 4, 3]), 2, 2, 'VALID').shape).toEqual([0, 2, 2, 3]);
    expect(tl.avgPool(tl.zeros([2, 4, 4, 0]), 2, 2, 'SAME').shape).toEqual([2, 2, 2, 0]);
    expect(tl.maxPool(tl.zeros([1, 0, 4, 1]), 2, 2, 'SAME').shape).toEqual([1, 0, 2, 1]);
    expect(tl.avgPool3d(tl.zeros([1, 0, 2, 2, 1]), 2, 2, 'SAME').shape).toEqual([1, 0, 1, 1, 1]);
    // window exactly as large as the padded input leaves one output; k=2 on 1 cell with VALID leaves none (TF)
    expect(tl.maxPool(tl.zeros([1, 1, 3, 1]), [1, 2], 1, 'VALID').shape).toEqual([1, 1, 2, 1]);
    expect(tl.maxPool(tl.zeros([1, 1, 1, 1]), [2, 1], 1, 'VALID').shape).toEqual([1, 0, 1, 1]);
    expect(tl.grad((t) => tl.avgPool(t, 2, 2, 'SAME'))(tl.zeros([0, 3, 3, 1])).shape).toEqual([0, 3, 3, 1]);
    // transposed input: NCHW data transposed to NHWC
    const nchw = tl.tensor(Array.from({ length: 16 }, (_, i) => i), [1, 1, 4, 4]);
    const t = tl.transpose(nchw, [0, 2, 3, 1]);
    expectClose(tl.maxPool(t, 2, 2, 'VALID'), [5, 7, 13, 15]);
    const s = tl.slice(tl.tensor(Array.from({ length: 25 }, (_, i) => i), [1, 5, 5, 1]), [0, 1, 1, 0], [1, 4, 4, 1]);
    expectClose(tl.avgPool(s, 2, 2, 'VALID'), [9, 11, 19, 21]);
    const x64 = tl.tensor([1, 2, 3, 4 + 1e-12], [1, 2, 2, 1], 'float64');
    expectClose(tl.avgPool(x64, 2, 2, 'VALID'), [2.5 + 0.25e-12], { atol: 1e-15, rtol: 0 });
    expect(tl.avgPool(x64, 2, 2, 'VALID').dtype).toBe('float64');
  });

  it('errors name the op, the argument and the shapes', () => {
    const x = tl.zeros([1, 4, 4, 2]);
    expect(() => tl.maxPool(tl.zeros([4, 4]), 2, 2, 'VALID')).toThrow(/maxPool: 'x' must have rank 4 \(NHWC\) or 3.*\[4,4\]/);
    expect(() => tl.maxPool(x, 0, 2, 'VALID')).toThrow(tl.ArgumentError);
    expect(() => tl.maxPool(x, [2, 2, 2], 2, 'VALID')).toThrow(/maxPool: 'ksize' must be a number or an array of 2 or 4 numbers/);
    expect(() => tl.avgPool(x, [2, 2, 2, 1], 2, 'VALID')).toThrow(/avgPool: 'ksize' \[2,2,2,1\] in NHWC form must be 1 on the batch and channel/);
    expect(() => tl.maxPool(x, 2, [1, 1, 1, 2], 'VALID')).toThrow(/'strides'.*batch and channel/);
    expect(() => tl.maxPool(x, 2, 2, 'FULL' as never)).toThrow(/maxPool: 'padding' must be 'SAME', 'VALID'/);
    expect(() => tl.maxPool(x, 2, 2, [[2, 0], [0, 0]])).toThrow(/must be smaller than the window 2/);
    expect(() => tl.maxPool(x, 2, 2, [[1, 0]] as never)).toThrow(/needs 2 or 4 \[before, after\] pairs/);
    expect(() => tl.maxPool(x, 2, 2, [[0, 0], [1, 1], [0, 0], [0, 1]])).toThrow(/\[0,0\] on the batch and channel/);
    expect(() => tl.maxPool(x, 2, 2, -1)).toThrow(/integers >= 0/);
    expect(() => tl.maxPool(x, 6, 1, 'VALID')).toThrow(/maxPool: window 6 does not fit an input dimension of 4.*\[1,4,4,2\]/);
    expect(() => tl.maxPool(x, 2, 2, 'VALID', { dataFormat: 'NDHWC' as never })).toThrow(/'dataFormat' must be NHWC or NCHW/);
    expect(() => tl.avgPool(tl.zeros([1, 4, 4, 2], 'int32'), 2, 2, 'VALID')).toThrow(tl.DTypeError);
    expect(() => tl.maxPool(tl.zeros([1, 4, 4, 2], 'bool'), 2, 2, 'VALID')).toThrow(/maxPool: argument 'x' has dtype bool/);
    expect(() => tl.maxPool3d(tl.zeros([4, 4, 2]), 2, 2, 'VALID')).toThrow(/maxPool3d: 'x' must have rank 5 \(NDHWC\) or 4/);
    expect(() => tl.maxPoolGrad(x, tl.zeros([1, 2, 2, 2]), tl.zeros([1, 3, 2, 2]), 2, 2, 'VALID')).toThrow(
      /maxPoolGrad: 'dy' \[1,3,2,2\] must have the pooled shape \[1,2,2,2\]/,
    );
    expect(() => tl.avgPoolGrad(tl.zeros([1, 2, 2, 2]), [1, 4, 4], 2, 2, 'VALID')).toThrow(/avgPoolGrad: 'inShape'/);
  });

  it('does not leak (forward, gradients, batchless path)', () => {
    const x = tl.tensor(distinct(2 * 4 * 4 * 2, 3), [2, 4, 4, 2]);
    expectNoLeak(() => {
      tl.maxPool(x, 2, 2, 'SAME');
      tl.avgPool(tl.reshape(x, [8, 4, 2]), 2, 1, 'VALID');
      tl.grads((t) => tl.maxPool(t, 3, 1, 'SAME'))([x]);
      tl.grads((t) => tl.avgPool3d(tl.reshape(t, [1, 2, 4, 4, 2]), 2, 1, 'SAME'))([x]);
    });
    const before = tl.memory().numTensors;
    const y = tl.maxPool(tl.reshape(x, [8, 4, 2]), 2, 1, 'VALID');
    const r = tl.memory().numTensors - before;
    y.dispose();
    // the reshaped view and y only (the batched intermediates were freed)
    expect(r).toBe(2);
  });
});

describe('pooling attrs are resolved for the kernels', () => {
  it('computePoolInfo gives TF pads', () => {
    const i = computePoolInfo('t', [1, 5, 6, 3], 3, 2, 'SAME', 'NHWC', 2);
    expect(i.outShape).toEqual([1, 3, 3, 3]);
    // rows: total (3-1)*2+3-5 = 2 -> [1,1]; cols: (3-1)*2+3-6 = 1 -> [0,1]
    expect(i.pads).toEqual([1, 1, 0, 1]);
  });
});
