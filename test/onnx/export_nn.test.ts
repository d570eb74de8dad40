/**
 * tl.onnx.export of the tl.nn-style ops (export_nn_ops.ts): 3-D convolutions and pools, dilated and separable
 * 2-D convolutions, LRN, the per-example losses, bias helpers and embeddingLookup, each compared between a
 * Session, onnxruntime-node and the re-imported model (1e-5); and the ops that stay refused, with their reason.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { checkExport, exportError, randT } from './export_check.js';

const ph = (shape: (number | null)[], dtype: tl.DType = 'float32', name?: string) => tl.placeholder(dtype, shape, name);

describe('onnx.export: nn ops', () => {
  it('conv3d (NDHWC and NCDHW, SAME/VALID/explicit pads, strides, dilations, one example), 3-D pools (also one example)', async () => {
    const x = randT([2, 5, 6, 4, 3], 1);
    const xcf = randT([2, 3, 5, 6, 4], 2);
    const w = randT([3, 2, 3, 3, 4], 3, 0.5);
    const { ops } = await checkExport({
      build: () => {
        const x = ph([null, 5, 6, 4, 3], 'float32', 'x'), xcf = ph([null, 3, 5, 6, 4], 'float32', 'xcf');
        return {
          inputs: { x, xcf },
          outputs: {
            same: tl.conv3d(x, w, 2, 'SAME'), valid: tl.conv3d(x, w, [1, 2, 1], 'VALID', { dilations: [2, 1, 1] }),
            explicit: tl.conv3d(x, w, [1, 1, 2, 1, 1], [[1, 0], [0, 2], [1, 1]]), cf: tl.conv3d(xcf, w, 1, 'SAME', 'NCDHW'),
            single: tl.conv3d(tl.reshape(tl.slice(x, [0, 0, 0, 0, 0], [1, 5, 6, 4, 3]), [5, 6, 4, 3]), w, 1, 'VALID'),
            maxS: tl.maxPool3d(x, 2, 2, 'SAME'), maxV: tl.maxPool3d(x, [3, 2, 2], [1, 2, 1], 'VALID'),
            avgS: tl.avgPool3d(x, [2, 3, 3], 2, 'SAME'), maxSingle: tl.maxPool3d(tl.reshape(tl.slice(x, [1, 0, 0, 0, 0], [1, 5, 6, 4, 3]), [5, 6, 4, 3]), 2, 1, 'SAME'), avgCF: tl.avgPool3d(xcf, 2, 1, 'VALID', { dataFormat: 'NCDHW' }),
          },
        };
      },
      feeds: { x, xcf },
    });
    expect(ops.filter((o) => o === 'Conv').length).toBe(5);
  });

  it('conv3dTranspose reaches the requested output shape (SAME and VALID, strides, an output padding)', async () => {
    const x = randT([2, 3, 4, 2, 4], 4);
    const w = randT([3, 3, 2, 5, 4], 5, 0.5); // [kd, kh, kw, out, in]
    await checkExport({
      build: () => {
        const x = ph([null, 3, 4, 2, 4], 'float32', 'x');
        return {
          inputs: { x },
          outputs: {
            same: tl.conv3dTranspose(x, w, [-1, 6, 8, 4, 5], 2, 'SAME'),
            sameOdd: tl.conv3dTranspose(x, w, [-1, 5, 7, 3, 5], 2, 'SAME'),
            valid: tl.conv3dTranspose(x, w, [-1, 7, 9, 4, 5], [2, 2, 2], 'VALID'), validPad: tl.conv3dTranspose(x, w, [-1, 8, 10, 5, 5], 2, 'VALID'),
            unit: tl.conv3dTranspose(x, w, [-1, 3, 4, 2, 5], 1, 'SAME'),
          },
        };
      },
      feeds: { x },
    });
  });

  it('conv2dTranspose with dilations (the op form; its dilations were dropped from the export before)', async () => {
    const x = randT([2, 5, 4, 3], 11);
    const w = randT([3, 2, 2, 3], 12, 0.5); // [kh, kw, out, in]
    await checkExport({
      build: () => {
        const x = ph([null, 5, 4, 3], 'float32', 'x');
        return {
          inputs: { x },
          outputs: {
            same: tl.conv2dTranspose(x, w, [-1, 5, 4, 2], 1, 'SAME', { dilations: [2, 3] }),
            valid: tl.conv2dTranspose(x, w, [-1, 9, 6, 2], 1, 'VALID', { dilations: 2 }),
          },
        };
      },
      feeds: { x },
    });
  });

  it('atrousConv2d, separableConv2d (rate, NCHW), dilated SAME conv1d/conv2d/depthwise, lrn with TF parameters (alpha scaled by the window in ONNX)', async () => {
    const x = randT([2, 7, 7, 4], 6);
    const xcf = randT([2, 4, 7, 7], 7);
    const f = randT([3, 3, 4, 3], 8, 0.5), dw = randT([3, 3, 4, 2], 9, 0.5), pw = randT([1, 1, 8, 5], 10, 0.5);
    const { ops } = await checkExport({
      build: () => {
        const x = ph([null, 7, 7, 4], 'float32', 'x'), xcf = ph([null, 4, 7, 7], 'float32', 'xcf');
        return {
          inputs: { x, xcf },
          outputs: {
            atrous: tl.atrousConv2d(x, f, 2, 'SAME'), dilated: tl.conv3d(tl.reshape(x, [-1, 7, 7, 4, 1]), tl.ones([3, 3, 2, 1, 2]), 1, 'SAME', { dilations: [2, 1, 2] }), atrousV: tl.atrousConv2d(x, f, 3, 'VALID'),
            sep: tl.separableConv2d(x, dw, pw, 2, 'SAME'), sepRate: tl.separableConv2d(x, dw, pw, 1, 'VALID', { rate: 2 }),
            sepCF: tl.separableConv2d(xcf, dw, pw, [1, 1, 2, 2], 'SAME', { dataFormat: 'NCHW' }),
            // Dilated SAME convs get explicit pads (onnxruntime refuses auto_pad SAME with dilations).
            conv2dDil: tl.conv2d(x, f, 1, 'SAME', { dilations: [2, 3] }), depthDil: tl.depthwiseConv2d(x, dw, 1, 'SAME', { dilations: 2 }),
            conv1dDil: tl.conv1d(tl.reshape(x, [-1, 49, 4]), tl.slice(f, [0, 0, 0, 0], [1, 3, 4, 3]).reshape([3, 4, 3]), 2, 'SAME', { dilation: 2 }),
            lrn: tl.lrn(x, 1, 2, 0.5, 0.75), lrnDefault: tl.localResponseNormalization(tl.mul(x, 0.3)),
          },
        };
      },
      feeds: { x, xcf },
    });
    expect(ops).toContain('LRN');
  });

  for (const opset of [11, 17]) {
    it(`losses per example at opset ${opset}: sigmoid, weighted, softmax (any axis) and sparse softmax cross-entropy, l2Loss, zeroFraction`, async () => {
      const z = tl.mul(randT([3, 4], 11), 30); // large logits: the stable forms matter
      const y = tl.sigmoid(randT([3, 4], 12, 3));
      const soft = tl.softmax(randT([3, 4], 13, 2));
      const lab = tl.tensor([[0, 3], [2, 1], [1, 1]], [3, 2], 'int32');
      const z3 = randT([3, 2, 4], 14, 5);
      const q = tl.tensor([0.5, 1, 2, 4]);
      const zf = tl.tensor([[0, 1, -0, 2], [NaN, 0, 3, 0], [1, 1, 1, 1]]);
      await checkExport({
        opset,
        build: () => {
          const z = ph([null, 4], 'float32', 'z'), y = ph([null, 4], 'float32', 'y'), soft = ph([null, 4], 'float32', 'soft');
          const lab = ph([null, 2], 'int32', 'lab'), z3 = ph([null, 2, 4], 'float32', 'z3'), zf = ph([3, 4], 'float32', 'zf');
          return {
            inputs: { z, y, soft, lab, z3, zf },
            outputs: {
              sig: tl.sigmoidCrossEntropyWithLogits(y, z), wce: tl.weightedCrossEntropyWithLogits(y, z, q), wceN: tl.weightedCrossEntropyWithLogits(y, z, 3),
              sce: tl.softmaxCrossEntropyWithLogits(soft, z), sce0: tl.softmaxCrossEntropyWithLogits(soft, z, 0),
              sparse: tl.sparseSoftmaxCrossEntropyWithLogits(lab, z3), l2: tl.l2Loss(z3), zero: tl.zeroFraction(zf),
              zeroI: tl.zeroFraction(tl.cast(zf, 'int32')),
              // Before opset 13 Softmax/LogSoftmax flatten from the axis on: a non-last axis is moved last.
              softmax0: tl.softmax(z3, 1), logSoftmax0: tl.logSoftmax(z3, 0), softmaxLast: tl.softmax(z3),
            },
          };
        },
        feeds: { z, y, soft, lab, z3, zf: tl.where(tl.isNaN(zf), tl.zerosLike(zf), zf) },
      });
    });
  }

  it('biasAdd (N...C and NC...), xwPlusB, reluLayer, crelu', async () => {
    const v = randT([2, 3, 4, 5], 15), m = randT([3, 4], 16), w = randT([4, 6], 17), b = randT([6], 18);
    await checkExport({
      build: () => {
        const v = ph([null, 3, 4, 5], 'float32', 'v'), m = ph([null, 4], 'float32', 'm');
        return {
          inputs: { v, m },
          outputs: {
            nhwc: tl.biasAdd(v, randT([5], 19)), nchw: tl.biasAdd(v, randT([3], 20), 'NCHW'), mat: tl.biasAdd(m, [1, 2, 3, 4]),
            xw: tl.xwPlusB(m, w, b), relu: tl.reluLayer(m, w, b), crelu: tl.crelu(v), crelu1: tl.crelu(v, 1),
          },
        };
      },
      feeds: { v, m },
    });
  });

  it('embeddingLookup: one table, mod and div shards (variables), maxNorm clipping', async () => {
    const ids = tl.tensor([[0, 6, 3], [9, 1, 4]], [2, 3], 'int32');
    const table = randT([10, 3], 21);
    await checkExport({
      build: () => {
        const ids = ph([null, 3], 'int32', 'ids');
        const shards = [tl.slice(table, [0, 0], [4, 3]), tl.slice(table, [4, 0], [3, 3]), tl.slice(table, [7, 0], [3, 3])];
        return {
          inputs: { ids },
          outputs: {
            one: tl.embeddingLookup(table, ids), mod: tl.embeddingLookup(shards, ids), div: tl.embeddingLookup(shards, ids, { partitionStrategy: 'div' }),
            clip: tl.embeddingLookup(tl.mul(table, 3), ids, { maxNorm: 1.5 }), clipMod: tl.embeddingLookup(shards, ids, { maxNorm: 0.5 }),
            vec: tl.embeddingLookup(tl.tensor([5, -7, 9, 1, 0, 2, 3, 4, 8, 6]), ids, { maxNorm: 6 }),
          },
        };
      },
      feeds: { ids },
    });
  });

  it('random ops, matrixInverse and gradient kernels stay refused, naming the op and why', async () => {
    const cases: [string, (x: tl.Tensor) => tl.Tensor, RegExp][] = [
      ['randomNormal', () => tl.randomNormal([2, 2]), /op 'randomNormal', which cannot be exported: it draws new random values/],
      ['multinomial', (x) => tl.multinomial(x, 2), /op 'multinomial', which cannot be exported: it draws new random values/],
      ['matrixInverse', (x) => tl.matrixInverse(x), /op 'matrixInverse', which cannot be exported: it has no operator in the ONNX default domain/],
      ['conv2dBackpropInput', (x) => tl.conv2dBackpropInput([1, 4, 4, 1], tl.reshape(x, [1, 2, 2, 1]), tl.ones([3, 3, 1, 1]), 2, 'SAME'),
        /op 'conv2dBackpropInput', which cannot be exported: it is a gradient kernel .*use conv2dTranspose/],
    ];
    for (const [, make, re] of cases) {
      const err = await exportError(() => {
        const x = ph([2, 2], 'float32', 'x');
        return { inputs: { x }, outputs: { y: make(x) } };
      });
      expect(err).toBeInstanceOf(tl.ArgumentError);
      expect(err.message).toMatch(re);
    }
  });
});
