/**
 * tl.onnx.export of the math ops (export_math_ops.ts): each graph runs in a Session, in onnxruntime-node and,
 * re-imported, in tl.onnx.load; the three must agree (floats to 1e-5, ints and bools exactly). Reductions run
 * at opsets 11, 13, 17 and 18, where their axes move from attribute to input.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose } from '../util/index.js';
import { checkExport, exportError, randT } from './export_check.js';

const ph = (shape: (number | null)[], dtype: tl.DType = 'float32', name?: string) => tl.placeholder(dtype, shape, name);

describe('onnx.export: math ops', () => {
  it('argMax / argMin give int32 indices, first on ties, any axis', async () => {
    const x = tl.tensor([[1, 5, 5, -2, 0], [3, 3, -1, -1, 2], [0, 0, 0, 0, 0]]);
    const { ops } = await checkExport({
      build: () => {
        const x = ph([null, 5], 'float32', 'x');
        return { inputs: { x }, outputs: { amax: tl.argMax(x, 1), amin: tl.argMin(x, -1), amax0: tl.argMax(x), amin0: tl.argMin(x, 0) } };
      },
      feeds: { x },
      dynamicBatch: true,
    });
    expect(ops).toContain('ArgMax');
    expect(ops).toContain('ArgMin');
  });

  for (const opset of [11, 13, 17, 18]) {
    it(`reductions at opset ${opset}: all/any, prod, logSumExp (stable for large values), norm kinds, l2Loss`, async () => {
      const b = tl.tensor([[true, true, false], [true, true, true], [false, false, false], [true, false, true]], [4, 3], 'bool');
      const big = tl.add(tl.mul(randT([2, 3, 4], 2), 3), tl.tensor([80]));
      await checkExport({
        opset,
        build: () => {
          const b = ph([null, 3], 'bool', 'b');
          const x = ph([2, 3, 4], 'float32', 'x');
          const big = ph([2, 3, 4], 'float32', 'big');
          return {
            inputs: { b, x, big },
            outputs: {
              all1: tl.all(b, 1), anyK: tl.any(b, 1, true), allAll: tl.all(b), any0: tl.any(b, 0),
              prod: tl.prod(x, [0, 2]), prodK: tl.prod(x, -1, true),
              lse: tl.logSumExp(big, 2), lseAll: tl.logSumExp(x), lseK: tl.logSumExp(big, [0, 1], true),
              n2: tl.norm(x), n1: tl.norm(x, 1, 1), nInf: tl.norm(x, Infinity, -1, true), n3: tl.norm(x, 3, 2),
              fro: tl.norm(x, 'fro', [1, 2]), m1: tl.norm(x, 1, [1, 2], true), mInf: tl.norm(x, Infinity, [2, 1]),
              l2n: tl.l2Normalize(x, 1), l2nAll: tl.l2Normalize(x), l2: tl.l2Loss(x),
            },
          };
        },
        feeds: { b, x: randT([2, 3, 4], 1), big },
      });
    });
  }

  it('mod and floorDiv floor for floats and ints (sign of the divisor); div on ints floors, not truncates', async () => {
    const a = tl.tensor([-7, 7, -7, 7, 6, -6, 0, 5.5, -5.5, 1e-3]);
    const b = tl.tensor([3, 3, -3, -3, 3, -3, 2, 2, 2, -4]);
    const ai = tl.tensor([-7, 7, -7, 7, 6, -6, 0, 9, -9, 1], [10], 'int32');
    const bi = tl.tensor([3, 3, -3, -3, 3, -3, 2, 4, 4, -4], [10], 'int32');
    await checkExport({
      build: () => {
        const a = ph([10], 'float32', 'a'), b = ph([10], 'float32', 'b');
        const ai = ph([10], 'int32', 'ai'), bi = ph([10], 'int32', 'bi');
        return {
          inputs: { a, b, ai, bi },
          outputs: {
            mod: tl.mod(a, b), fdiv: tl.floorDiv(a, b), modI: tl.mod(ai, bi), fdivI: tl.floorDiv(ai, bi), divI: tl.div(ai, bi),
            div: tl.div(a, b), modN: tl.mod(a, 2.5), fdivN: tl.floorDiv(ai, 3), sqd: tl.squaredDifference(a, 1.5),
          },
        };
      },
      feeds: { a, b, ai, bi },
    });
    expect(tl.div(tl.tensor([-7], [1], 'int32'), tl.tensor([2], [1], 'int32')).dataSync()[0]).toBe(-4); // the floored value checked above
  });

  it('logic, isNaN / isFinite and step keep NaN and infinities as tensorlane does', async () => {
    const p = tl.tensor([[true, false, true], [false, false, true]], [2, 3], 'bool');
    const q = tl.tensor([true, false, false], [3], 'bool');
    const x = tl.tensor([NaN, Infinity, -Infinity, 0, -0, 2, -3, 1e-30]);
    await checkExport({
      build: () => {
        const p = ph([2, 3], 'bool', 'p'), q = ph([3], 'bool', 'q'), x = ph([8], 'float32', 'x');
        return {
          inputs: { p, q, x },
          outputs: {
            and: tl.logicalAnd(p, q), or: tl.logicalOr(p, q), xor: tl.logicalXor(p, q),
            nan: tl.isNaN(x), fin: tl.isFinite(x), step: tl.step(x), stepA: tl.step(x, 0.25),
          },
        };
      },
      feeds: { p, q, x },
    });
  });

  it('trigonometric and hyperbolic functions, expm1 / log1p (accurate near 0) and atan2 in all quadrants', async () => {
    const u = tl.tensor([-0.9, -0.5, -1e-3, 0, 1e-3, 0.3, 0.7, 0.99]);
    const w = tl.tensor([-3, -1, -1e-7, 1e-9, 2e-7, 0.5, 4, 20, 100, -20]);
    const ya = tl.tensor([1, 1, -1, -1, 0, 0, 2, -2, 0, 3]);
    const xa = tl.tensor([1, -1, -1, 1, 1, -1, 0, 0, 0, 1e-3]);
    const g = await checkExport({
      build: () => {
        const u = ph([8], 'float32', 'u'), w = ph([10], 'float32', 'w');
        const ya = ph([10], 'float32', 'ya'), xa = ph([10], 'float32', 'xa');
        return {
          inputs: { u, w, ya, xa },
          outputs: {
            tan: tl.tan(u), asin: tl.asin(u), acos: tl.acos(u), atan: tl.atan(w), sinh: tl.sinh(u), cosh: tl.cosh(u),
            expm1: tl.expm1(tl.div(w, 10)), log1p: tl.log1p(tl.abs(w)), atan2: tl.atan2(ya, xa),
          },
        };
      },
      feeds: { u, w, ya, xa },
    });
    expect(g.ops).toContain('Tan');
    // Relative accuracy where the values are tiny (atol would pass anything there): the compensated forms.
    const tiny = tl.tensor([1e-7, -3e-6, 2e-5, 1e-10]);
    const gr = new tl.Graph();
    const { x, e1, l1 } = gr.asDefault(() => {
      const x = ph([4], 'float32', 'x');
      return { x, e1: tl.expm1(x), l1: tl.log1p(x) };
    });
    const bytes = await tl.onnx.export(gr, { inputs: { x }, outputs: { e1, l1 } });
    const { runOrt } = await import('./make_model.js');
    const r = await runOrt(bytes, { x: { type: 'float', dims: [4], values: Array.from(tiny.dataSync() as Float32Array) } });
    expectClose(r.e1!.values, tl.expm1(tiny), { atol: 0, rtol: 1e-5 });
    expectClose(r.l1!.values, tl.log1p(tiny), { atol: 0, rtol: 1e-5 });
  });

  it('addN (Sum for floats, an add tree for ints), stopGradient/clone, dot in every rank pairing, outer, prelu', async () => {
    const m = randT([3, 4], 1), v = randT([4], 2), v3 = randT([3], 3), m2 = randT([4, 2], 4);
    const i1 = tl.tensor([1, 2, 3], [3], 'int32'), i2 = tl.tensor([10, -20, 30], [3], 'int32');
    const img = randT([2, 3, 3, 4], 5);
    await checkExport({
      build: () => {
        const m = ph([3, 4], 'float32', 'm'), v = ph([4], 'float32', 'v'), v3 = ph([3], 'float32', 'v3'), m2 = ph([4, 2], 'float32', 'm2');
        const i1 = ph([3], 'int32', 'i1'), i2 = ph([3], 'int32', 'i2'), img = ph([null, 3, 3, 4], 'float32', 'img');
        return {
          inputs: { m, v, v3, m2, i1, i2, img },
          outputs: {
            addN: tl.addN([m, tl.stopGradient(m), tl.clone(m)]), addN1: tl.addN([v]), addNI: tl.addN([i1, i2, i1]),
            vv: tl.dot(v, v), mv: tl.dot(m, v), vm: tl.dot(v3, m), mm: tl.dot(m, m2), outer: tl.outer(v3, v),
            prelu: tl.prelu(img, tl.tensor([0.1, -0.2, 0.3, 0.5])), preluS: tl.prelu(img, tl.scalar(0.25)),
          },
        };
      },
      feeds: { m, v, v3, m2, i1, i2, img },
    });
  });

  it('float64 graphs keep float64 through the composites', async () => {
    const a = tl.tensor([-7.5, 7.25, -1e-9, 3, 0.5, -2], [6], 'float64');
    const b = tl.tensor([2, -3, 4, -0.5, 1, 3], [6], 'float64');
    await checkExport({
      build: () => {
        const a = ph([6], 'float64', 'a'), b = ph([6], 'float64', 'b');
        return {
          inputs: { a, b },
          outputs: {
            // (not atan2: onnxruntime's CPU provider has Atan, like Tan/Asin/Acos/Sinh/Cosh/Erf, in float32 only)
            mod: tl.mod(a, b), fdiv: tl.floorDiv(a, b), expm1: tl.expm1(a), log1p: tl.log1p(tl.abs(a)),
            step: tl.step(a, 0.5), norm: tl.norm(a, 3), lse: tl.logSumExp(a), cumprod: tl.cumprod(b, 0, true), l2n: tl.l2Normalize(a),
            sq: tl.squaredDifference(a, b), prod: tl.prod(b),
          },
        };
      },
      feeds: { a, b },
    });
  });

  it('cumsum and cumprod with exclusive and reverse, along any axis; ints too', async () => {
    const x = tl.tensor([[1, 2, 0, -3], [0.5, -1, 2, 4], [3, 0, 1, 2]]);
    const xi = tl.tensor([[1, 2, 3], [-4, 5, 0]], [2, 3], 'int32');
    const { ops } = await checkExport({
      build: () => {
        const x = ph([null, 4], 'float32', 'x'), xi = ph([2, 3], 'int32', 'xi');
        const outputs: Record<string, tl.Tensor> = {};
        for (const ex of [false, true]) {
          for (const rev of [false, true]) {
            const k = `${ex ? 'x' : ''}${rev ? 'r' : ''}`;
            outputs[`cs${k}`] = tl.cumsum(x, 1, ex, rev);
            outputs[`cp${k}`] = tl.cumprod(x, 1, ex, rev);
            outputs[`cpi${k}`] = tl.cumprod(xi, -1, ex, rev);
          }
        }
        outputs.cs0 = tl.cumsum(xi, 0, false, true);
        outputs.cp0 = tl.cumprod(xi, 0, true);
        return { inputs: { x, xi }, outputs };
      },
      feeds: { x, xi },
    });
    expect(ops).toContain('CumSum');
    const err = await exportError(() => {
      const x = ph([null, 4], 'float32', 'x');
      return { inputs: { x }, outputs: { y: tl.cumprod(x, 0) } };
    });
    expect(err).toBeInstanceOf(tl.ArgumentError);
    expect(err.message).toMatch(/cumprod export needs the length of axis 0 known/);
  });
});
