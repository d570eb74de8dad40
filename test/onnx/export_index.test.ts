/**
 * tl.onnx.export of the indexing and shape ops (export_index_ops.ts), each compared between a Session,
 * onnxruntime-node and the re-imported model (floats to 1e-5, ints and bools exactly).
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { checkExport, exportError, randT } from './export_check.js';

const ph = (shape: (number | null)[], dtype: tl.DType = 'float32', name?: string) => tl.placeholder(dtype, shape, name);
const iota = (shape: number[]) => tl.reshape(tl.range(0, shape.reduce((a, b) => a * b, 1)), shape);

describe('onnx.export: indexing and shape ops', () => {
  it('reverse, broadcastTo, split (sizes with -1, or even pieces), unstack', async () => {
    const x = iota([4, 3, 5]);
    for (const opset of [11, 13, 18]) {
      await checkExport({
        opset,
        build: () => {
          const x = ph([null, 3, 5], 'float32', 'x');
          const [s0, s1, s2] = tl.split(x, [2, -1, 1], 2);
          const [h0, h1] = tl.split(tl.slice(x, [0, 0, 0], [-1, 2, 5]), 2, -2);
          const [u0, u1, u2] = tl.unstack(x, 1);
          return {
            inputs: { x },
            outputs: {
              rev: tl.reverse(x, [0, 2]), revAll: tl.reverse(x), revNeg: tl.reverse(x, -2),
              bcast: tl.broadcastTo(tl.slice(x, [0, 0, 0], [1, 3, 1]), [2, 3, 4]),
              s0: s0!, s1: s1!, s2: s2!, h0: h0!, h1: h1!, u0: u0!, u1: u1!, u2: u2!,
            },
          };
        },
        feeds: { x },
      });
    }
  });

  it('stridedSlice: ranges, negative strides, begin/end masks, shrink, new axes and ellipses, on a symbolic batch', async () => {
    const x = iota([4, 5, 6]);
    type Spec = [number[], number[], number[] | undefined, tl.StridedSliceOptions?];
    const specs: Record<string, Spec> = {
      plain: [[1, 0, 2], [3, 5, 5], [1, 2, 1]],
      negStride: [[-1, 4, 5], [0, 0, 0], [-1, -2, -3]],
      negStrideToStart: [[3, 4, 5], [-10, -10, 0], [-2, -1, -2], { beginMask: 1, endMask: 3 }],
      masks: [[2, 1, 9], [0, 3, 9], [1, 1, 1], { beginMask: 1, endMask: 1 }],
      shrink: [[1, -1, 2], [2, 0, 5], [1, 1, 2], { shrinkAxisMask: 3 }],
      shrinkLast: [[0, 0, -1], [0, 0, 0], [1, 1, 1], { shrinkAxisMask: 4, beginMask: 3, endMask: 3 }],
      newAxis: [[0, 0, 1, 0], [0, 0, 4, 0], [1, 1, 1, 1], { newAxisMask: 9, beginMask: 2, endMask: 2 }],
      ellipsis: [[0, 1], [0, 4], [1, 2], { ellipsisMask: 1 }],
      ellipsisNew: [[1, 0, 0, 2], [3, 0, 0, 3], [1, 1, 1, 1], { ellipsisMask: 2, newAxisMask: 4, shrinkAxisMask: 8 }],
      clampedOut: [[-20, 2, 1], [20, 100, -1], [1, 1, 1]],
      empty: [[2, 0, 0], [1, 5, 6], [1, 1, 1]],
      implicitRest: [[1], [3], undefined],
    };
    // On an unknown batch, specs that keep dim 0 whole (masked) or pick one index of it.
    const batchSpecs: Record<string, Spec> = {
      wholeBatch: [[0, 1, -1], [0, 5, 0], [1, 2, -1], { beginMask: 1, endMask: 5 }],
      pickBatch: [[-1, 0], [0, 3], [1, 1], { shrinkAxisMask: 1 }],
      ellipsisOnBatch: [[0, -1], [0, 0], [1, -2], { ellipsisMask: 1, endMask: 2 }],
      newBeforeBatch: [[0, 0, 2], [0, 0, 4], [1, 1, 1], { newAxisMask: 1, beginMask: 2, endMask: 2 }],
      reverseBatch: [[0], [0], [-1], { beginMask: 1, endMask: 1 }],
    };
    for (const opset of [11, 17]) {
      await checkExport({
        opset,
        build: () => {
          const x = ph([4, 5, 6], 'float32', 'x');
          const xb = ph([null, 5, 6], 'float32', 'xb');
          const outputs: Record<string, tl.Tensor> = {};
          for (const [k, [b, e, s, o]] of Object.entries(specs)) outputs[k] = tl.stridedSlice(x, b, e, s, o);
          for (const [k, [b, e, s, o]] of Object.entries(batchSpecs)) outputs[k] = tl.stridedSlice(xb, b, e, s, o);
          return { inputs: { x, xb }, outputs };
        },
        feeds: { x, xb: x },
      });
    }
  });

  it('gatherND; scatterND and unsortedSegmentSum add repeated indices (opset 16+) and drop negative segment ids', async () => {
    const p = iota([3, 4, 2]);
    const idx = tl.tensor([[0, 1], [2, 3], [1, 0]], [3, 2], 'int32');
    const upd = tl.tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const sIdx = tl.tensor([[1], [3], [1], [0]], [4, 1], 'int32');
    const data = randT([3, 4, 2], 1);
    const ids = tl.tensor([[0, 2, -1, 2], [1, 1, 0, -3], [3, 0, 0, 2]], [3, 4], 'int32');
    const seg = tl.tensor([2, 0, 2], [3], 'int64');
    await checkExport({
      opset: 16,
      build: () => {
        const p = ph([3, 4, 2], 'float32', 'p'), idx = ph([3, 2], 'int32', 'idx'), upd = ph([4, 2], 'float32', 'upd');
        const sIdx = ph([4, 1], 'int32', 'sIdx'), data = ph([null, 4, 2], 'float32', 'data'), ids = ph([3, 4], 'int32', 'ids');
        const seg = ph([3], 'int64', 'seg');
        return {
          inputs: { p, idx, upd, sIdx, data, ids, seg },
          outputs: {
            gnd: tl.gatherND(p, idx), gndRow: tl.gatherND(p, tl.slice(idx, [0, 0], [3, 1])),
            snd: tl.scatterND(sIdx, upd, [5, 2]), seg2: tl.unsortedSegmentSum(data, ids, 4), seg1: tl.unsortedSegmentSum(data, seg, 3),
          },
        };
      },
      feeds: { p, idx, upd, sIdx, data, ids, seg },
    });
    for (const [op, build] of [
      ['scatterND', () => tl.scatterND(tl.tensor([[0]], [1, 1], 'int32'), ph([1]), [2])],
      ['unsortedSegmentSum', () => tl.unsortedSegmentSum(ph([3]), tl.tensor([0, 1, 0], [3], 'int32'), 2)],
    ] as const) {
      const err = await exportError(() => {
        const y = build();
        return { inputs: { x: tl.getDefaultGraph().nodes.find((n) => n.type === 'Placeholder')!.outputs[0]! }, outputs: { y } };
      }, 15);
      expect(err).toBeInstanceOf(tl.ArgumentError);
      expect(err.message).toMatch(new RegExp(`${op}.*opset 16`));
    }
  });

  it('oneHot in every dtype, with negative and out-of-range indices (all off), either axis, custom on/off', async () => {
    const i = tl.tensor([[0, 3, -1], [2, 7, 1]], [2, 3], 'int32');
    const i64 = tl.tensor([1, -2, 4], [3], 'int64');
    const { ops } = await checkExport({
      build: () => {
        const i = ph([null, 3], 'int32', 'i'), i64 = ph([3], 'int64', 'i64');
        return {
          inputs: { i, i64 },
          outputs: {
            f32: tl.oneHot(i, 4), f32Axis: tl.oneHot(i, 4, 2, -1, 'float32', 1), f64: tl.oneHot(i, 5, 0.1, 0.7, 'float64', 0),
            i32: tl.oneHot(i, 4, 3, -2, 'int32'), int64: tl.oneHot(i64, 5, 9, 1, 'int64', 0), bool: tl.oneHot(i64, 5, true, false, 'bool'),
            boolInv: tl.oneHot(i, 4, false, true, 'bool'),
          },
        };
      },
      feeds: { i, i64 },
    });
    expect(ops).toContain('OneHot');
  });

  it('topK (two outputs, ties lower index first) and inTopK (ties in, NaN/inf rows and bad targets out)', async () => {
    const x = tl.tensor([[1, 5, 5, 2, 0], [3, -1, 3, 3, 9], [0, 0, 0, 0, 0]]);
    const xi = tl.tensor([[4, 1, 4, 9], [0, -2, 7, 7]], [2, 4], 'int32');
    const p = tl.tensor([[0.1, 0.5, 0.5, 0.2], [0.3, 0.1, 0.9, 0.2], [NaN, 0.1, 0.2, 0.3], [0.1, Infinity, 0.2, 0.3], [0.4, 0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4]]);
    const t = tl.tensor([2, 0, 3, 2, 7, -1], [6], 'int32');
    await checkExport({
      build: () => {
        const x = ph([null, 5], 'float32', 'x'), xi = ph([2, 4], 'int32', 'xi'), p = ph([null, 4], 'float32', 'p'), t = ph([null], 'int32', 't');
        const top = tl.topK(x, 3), topI = tl.topK(xi, 2, false);
        return {
          inputs: { x, xi, p, t },
          outputs: { v: top.values, i: top.indices, vi: topI.values, ii: topI.indices, in1: tl.inTopK(p, t, 1), in2: tl.inTopK(p, t, 2), in0: tl.inTopK(p, t, 0) },
        };
      },
      feeds: { x, xi, p, t },
    });
  });

  it('mirrorPad and pad in REFLECT and SYMMETRIC modes (SYMMETRIC as reversed slices)', async () => {
    const x = iota([2, 3, 4]);
    for (const opset of [11, 17]) {
      await checkExport({
        opset,
        build: () => {
          // The batch of xb is unknown: it is left unpadded (its padded size would be unknown too).
          const x = ph([2, 3, 4], 'float32', 'x'), xb = ph([null, 3, 4], 'float32', 'xb');
          return {
            inputs: { x, xb },
            outputs: {
              refl: tl.mirrorPad(x, [[1, 0], [2, 1], [1, 3]], 'REFLECT'), sym: tl.mirrorPad(x, [[1, 2], [3, 0], [0, 4]], 'symmetric'),
              reflB: tl.mirrorPad(xb, [[0, 0], [2, 1], [1, 3]], 'reflect'), symB: tl.mirrorPad(xb, [[0, 0], [3, 2], [4, 4]], 'SYMMETRIC'),
              padSym: tl.pad(xb, [[0, 0], [1, 1], [2, 2]], 'SYMMETRIC'), none: tl.mirrorPad(x, [[0, 0], [0, 0], [0, 0]], 'SYMMETRIC'),
            },
          };
        },
        feeds: { x, xb: x },
      });
    }
  });

  it('fill / zeros / ones of a run-time shape, shape / size (int32 and int64) and rank of a symbolic batch; range / linspace / eye as constants', async () => {
    const x = randT([3, 2, 4], 1);
    await checkExport({
      dynamicBatch: true,
      build: () => {
        const x = ph([null, 2, 4], 'float32', 'x');
        const s = tl.shape(x);
        return {
          inputs: { x },
          outputs: {
            shape: s, shape64: tl.shape(x, 'int64'), size: tl.size(x), size64: tl.size(x, 'int64'), rank: tl.rank(x),
            zeros: tl.zeros(s), ones: tl.ones(tl.shape(x, 'int64'), 'int32'), fill: tl.fill(s, 2.5),
            fillB: tl.fill([tl.gather(s, 0), 3], true), plus: tl.add(x, tl.ones(s)),
            // range, linspace and eye take numbers only: never graph nodes, their values are initializers.
            range: tl.add(x, tl.range(0, 4)), lin: tl.mul(x, tl.linspace(-1, 1, 4)), eye: tl.add(x, tl.eye(2, 4)),
          },
        };
      },
      feeds: { x },
    });
  });
});
