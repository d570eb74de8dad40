/**
 * tl.onnx.export: small graphs (dense and NHWC conv nets) are trained a few steps, exported with their
 * variables' current values, run by onnxruntime-node (matching the session to 1e-4) and imported back.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { runOrt } from './make_model.js';
import * as rawOps from '../../src/ops/index.js';
import { REFUSED } from '../../src/onnx/export.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-onnx-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const randT = (shape: number[], seed: number, scale = 0.5) => tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed), (v) => v * scale), shape);

describe('onnx.export', () => {
  it('exports a trained dense network; onnxruntime and re-import match the session', async () => {
    const g = new tl.Graph();
    const { x, labels, probs, train } = g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 4], 'x');
      const labels = tl.placeholder('float32', [null, 3], 'labels');
      const w1 = new tl.Variable(randT([4, 8], 1), { name: 'w1' });
      const b1 = new tl.Variable(tl.zeros([8]), { name: 'b1' });
      const w2 = new tl.Variable(randT([8, 3], 2), { name: 'w2' });
      const h = tl.tanh(tl.add(tl.matMul(x, w1), b1));
      const logits = tl.add(tl.matMul(h, w2, false, false), 0.1);
      const probs = tl.softmax(logits);
      const loss = tl.mean(tl.softmaxCrossEntropyWithLogits(labels, logits));
      const train = new tl.train.GradientDescentOptimizer(0.3).minimize(loss);
      return { x, labels, probs, train };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.globalVariablesInitializer()));
    const xs = randT([6, 4], 3, 1);
    const ys = tl.oneHot(tl.tensor([0, 1, 2, 0, 1, 2], [6], 'int32'), 3);
    for (let i = 0; i < 5; i++) sess.run(train, new Map([[x, xs], [labels, ys]]));
    const expected = sess.run(probs, new Map([[x, xs]])) as tl.Tensor;

    const path = join(dir, 'dense.onnx');
    const bytes = await tl.onnx.export(g, { inputs: { x }, outputs: { probs }, session: sess, dynamicBatch: true, path });
    expect(Array.from(readFileSync(path))).toEqual(Array.from(bytes));
    const ref = await runOrt(bytes, { x: { type: 'float', dims: [6, 4], values: Array.from(xs.dataSync() as Float32Array) } });
    expectClose(ref.probs!.values, expected, { atol: 1e-4, rtol: 1e-4 });

    const back = await tl.onnx.load(path);
    expect(back.inputs).toEqual([{ name: 'x', dtype: 'float', shape: ['batch', 4] }]);
    expectClose(back.run({ x: xs }).probs!, expected, { atol: 1e-5, rtol: 1e-5 });
    // A different batch size works too (the batch dim is symbolic).
    const two = tl.slice(xs, [0, 0], [2, 4]);
    expectClose(back.run({ x: two }).probs!, tl.slice(expected, [0, 0], [2, 3]), { atol: 1e-5, rtol: 1e-5 });
  });

  it('exports an NHWC conv net (conv2d SAME, relu, maxPool, avgPool, inference batch norm, reshape, concat, sigmoid)', async () => {
    const g = new tl.Graph();
    const { x, out, train, labels } = g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 6, 6, 2], 'x');
      const labels = tl.placeholder('float32', [null, 1], 'labels');
      const k = new tl.Variable(randT([3, 3, 2, 4], 4), { name: 'k' });
      const c = tl.relu(tl.conv2d(x, k, 1, 'SAME'));
      const p = tl.maxPool(c, 2, 2, 'VALID');
      const a = tl.avgPool(c, 3, 2, 'SAME');
      const bn = tl.fusedBatchNorm(p, tl.ones([4]), tl.zeros([4]), { mean: randT([4], 5, 0.1), variance: tl.fill([4], 1.5), isTraining: false, epsilon: 1e-3 }).y;
      const flat = tl.concat([tl.reshape(bn, [-1, 36]), tl.reshape(a, [-1, 36])], 1);
      const w = new tl.Variable(randT([72, 1], 6, 0.2), { name: 'w' });
      const out = tl.sigmoid(tl.matMul(flat, w));
      const loss = tl.mean(tl.square(tl.sub(out, labels)));
      const train = new tl.train.GradientDescentOptimizer(0.1).minimize(loss);
      return { x, out, train, labels };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.globalVariablesInitializer()));
    const xs = randT([3, 6, 6, 2], 7, 1);
    for (let i = 0; i < 3; i++) sess.run(train, new Map([[x, xs], [labels, tl.tensor([[1], [0], [1]])]]));
    const expected = sess.run(out, new Map([[x, xs]])) as tl.Tensor;
    const bytes = await tl.onnx.export(g, { inputs: [x], outputs: { out }, session: sess, opset: 13 });
    const ref = await runOrt(bytes, { x: { type: 'float', dims: [3, 6, 6, 2], values: Array.from(xs.dataSync() as Float32Array) } });
    expectClose(ref.out!.values, expected, { atol: 1e-4, rtol: 1e-4 });
    const back = await tl.onnx.load(bytes);
    expectClose(back.run({ x: xs }).out!, expected, { atol: 1e-5, rtol: 1e-4 });
  });

  it('a graph dropout exports as the identity (inference), while other random ops are refused with the reason', async () => {
    const g = new tl.Graph();
    const { x, y, r } = g.asDefault(() => {
      const x = tl.placeholder('float32', [2, 3], 'x');
      return { x, y: tl.mul(tl.dropout(x, 0.5), 2), r: tl.add(x, tl.randomUniform([2, 3])) };
    });
    const xs = randT([2, 3], 8, 1);
    const bytes = await tl.onnx.export(g, { inputs: { x }, outputs: { y } });
    const ref = await runOrt(bytes, { x: { type: 'float', dims: [2, 3], values: Array.from(xs.dataSync() as Float32Array) } });
    expectClose(ref.y!.values, tl.mul(xs, 2));
    await expect(tl.onnx.export(g, { inputs: { x }, outputs: { r } })).rejects.toThrow(/op 'randomUniform', which cannot be exported: it draws new random values/);
  });

  it('every public op exports, or is refused with a reason, or never becomes a graph node', () => {
    const neverNodes = ['range', 'linspace', 'eye', 'tensor', 'scalar']; // numbers in, so always constants
    const exportable = new Set(tl.onnx.exportableOps());
    const ops = Object.keys(rawOps).filter((k) => typeof (rawOps as Record<string, unknown>)[k] === 'function' && !k.endsWith('Async'));
    const uncovered = ops.filter((op) => !exportable.has(op) && !(op in REFUSED) && !neverNodes.includes(op));
    expect(uncovered).toEqual([]);
    expect(Object.keys(REFUSED).filter((op) => exportable.has(op) || !ops.includes(op))).toEqual([]);
    expect(exportable.size).toBe(157);
  });

  it('refuses unsupported ops, foreign tensors, missing sessions and bad options', async () => {
    const g = new tl.Graph();
    const { x, y, z } = g.asDefault(() => {
      const x = tl.placeholder('float32', [2, 2], 'x');
      const v = new tl.Variable(tl.ones([2, 2]), { name: 'v' });
      return { x, y: tl.matrixInverse(x), z: tl.add(x, v) };
    });
    await expect(tl.onnx.export(g, { inputs: [x], outputs: [y] })).rejects.toThrow(/op 'matrixInverse', which cannot be exported: it has no operator/);
    await expect(tl.onnx.export(g, { inputs: [x], outputs: [z] })).rejects.toThrow(/pass the session/);
    await expect(tl.onnx.export(g, { inputs: [], outputs: [z] })).rejects.toThrow(/placeholder 'x', which is not among the inputs/);
    await expect(tl.onnx.export(g, { inputs: [x], outputs: [tl.tensor([1])] })).rejects.toThrow(/not a tensor of this graph/);
    await expect(tl.onnx.export(g, { inputs: [x], outputs: [z], opset: 5 })).rejects.toThrow(/opset 5/);
    await expect(tl.onnx.export(g, { inputs: [x], outputs: [z], opsett: 5 } as never)).rejects.toThrow(/opsett/);
  });
});
