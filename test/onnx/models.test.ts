/**
 * Whole models: a dynamic-batch shape subgraph (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) that runs at
 * run time, a small CNN on every kernel backend against onnxruntime-node, dtypes (float16, int8, double,
 * typed-field storage), hand-computed values, and fine-tuning an imported CNN with trainable: true.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose, expectNoLeak } from '../util/index.js';
import { makeModel, runOrt, A, rand, smallCnn, type ModelSpec, brightestBand } from './make_model.js';

describeEachBackend('onnx small CNN vs onnxruntime-node', () => {
  it('matches for batch 2 and 5 through one dynamic-batch model', async () => {
    const bytes = makeModel(smallCnn());
    const model = await tl.onnx.load(bytes, { backend: tl.getBackend() });
    for (const n of [2, 5]) {
      const x = rand([n, 1, 6, 6], 10 + n);
      const ref = await runOrt(bytes, { x });
      const got = model.run({ x: tl.tensor(x.values, x.dims) });
      expectClose(got.logits!, ref.logits!.values, { atol: 1e-5, rtol: 1e-5, shape: [n, 3] });
      got.logits!.dispose();
    }
  });
});

describe('onnx dynamic shapes', () => {
  it('evaluates a Shape->Gather->Unsqueeze->Concat->Reshape subgraph at run time for a dynamic batch', async () => {
    const spec: ModelSpec = {
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n', 'axes0'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['shape'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['flat'] },
        { op: 'MatMul', inputs: ['flat', 'w'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['batch', 2, 3] }],
      outputs: [{ name: 'y', type: 'float', shape: ['batch', 2] }],
      initializers: [
        { name: 'zero', type: 'int64', dims: [], values: [0] },
        { name: 'axes0', type: 'int64', dims: [1], values: [0] },
        { name: 'minus1', type: 'int64', dims: [1], values: [-1] },
        { name: 'w', ...rand([6, 2], 5) },
      ],
    };
    const bytes = makeModel(spec);
    const model = await tl.onnx.load(bytes);
    expect(model.inputs).toEqual([{ name: 'x', dtype: 'float', shape: ['batch', 2, 3] }]);
    expect(model.outputs[0]!.shape).toEqual(['batch', 2]);
    for (const n of [1, 4]) {
      const x = rand([n, 2, 3], 20 + n);
      const ref = await runOrt(bytes, { x });
      const got = model.run({ x: tl.tensor(x.values, x.dims) });
      expectClose(got.y!, ref.y!.values, { atol: 1e-5, rtol: 1e-5, shape: [n, 2] });
    }
  });

  it('builds a ConvTranspose on a symbolic batch once (declared outputTensors) and matches onnxruntime', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } }],
      inputs: [{ name: 'x', type: 'float', shape: ['batch', 2, 3, 3] }],
      outputs: [{ name: 'y', type: 'float', shape: ['batch', 3, 6, 6] }],
      initializers: [{ name: 'w', ...rand([2, 3, 3, 3], 7) }],
    });
    const model = await tl.onnx.load(bytes);
    expect(model.outputTensors!.y!.shape).toEqual([-1, 3, 6, 6]);
    for (const n of [1, 3]) {
      const x = rand([n, 2, 3, 3], 30 + n);
      const ref = await runOrt(bytes, { x });
      expectClose(model.run({ x: tl.tensor(x.values, x.dims) }).y!, ref.y!.values, { atol: 1e-5, rtol: 1e-5, shape: [n, 3, 6, 6] });
    }
  });

  it('folds the same subgraph to constants when the input shape is static', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'ConstantOfShape', inputs: ['s'], outputs: ['ones'], attrs: { value: A.t({ type: 'float', dims: [1], values: [1] }) } },
        { op: 'Add', inputs: ['x', 'ones'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [2, 2] }],
      outputs: [{ name: 'y', type: 'float', shape: [2, 2] }],
    });
    const model = await tl.onnx.load(bytes);
    // Only the placeholder and the Add are graph nodes: Shape and ConstantOfShape folded at load.
    expect(model.graph!.nodes.map((n) => n.type).sort()).toEqual(['Add', 'Placeholder']);
    expectClose(model.run({ x: tl.tensor([1, 2, 3, 4], [2, 2]) }).y!, [2, 3, 4, 5]);
  });
});

describe('onnx hand-computed values', () => {
  it('Gemm with alpha, beta and transB', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'Gemm', inputs: ['a', 'b', 'c'], outputs: ['y'], attrs: { alpha: 2.0 === 2 ? A.f(2) : 0, beta: 0.5, transB: 1 } }],
      inputs: [{ name: 'a', type: 'float', shape: [1, 2] }],
      outputs: [{ name: 'y', type: 'float' }],
      initializers: [
        { name: 'b', type: 'float', dims: [2, 2], values: [1, 2, 3, 4] },
        { name: 'c', type: 'float', dims: [2], values: [10, 20] },
      ],
    });
    const m = await tl.onnx.load(bytes);
    // a·bᵀ = [1*1+1*2, 1*3+1*4] = [3, 7]; 2*[3,7] + 0.5*[10,20] = [11, 24]
    expectClose(m.run({ a: tl.tensor([[1, 1]]) }).y!, [[11, 24]]);
  });

  it('MaxPool with pads and AveragePool excluding pads', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'MaxPool', inputs: ['x'], outputs: ['m'], attrs: { kernel_shape: [2, 2], pads: [1, 1, 0, 0] } },
        { op: 'AveragePool', inputs: ['x'], outputs: ['a'], attrs: { kernel_shape: [2, 2], pads: [1, 1, 0, 0] } },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [1, 1, 2, 2] }],
      outputs: [{ name: 'm', type: 'float' }, { name: 'a', type: 'float' }],
    });
    const m = await tl.onnx.load(bytes);
    const r = m.run({ x: tl.tensor([1, 2, 3, 4], [1, 1, 2, 2]) });
    expectClose(r.m!, [1, 2, 3, 4], { shape: [1, 1, 2, 2] });
    expectClose(r.a!, [1, 1.5, 2, 2.5]);
  });

  it('reads float16, int8, uint8 and double initializers and typed-field storage', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Cast', inputs: ['h'], outputs: ['hf'], attrs: { to: 1 } },
        { op: 'Cast', inputs: ['i8'], outputs: ['i8f'], attrs: { to: 1 } },
        { op: 'Cast', inputs: ['u8'], outputs: ['u8f'], attrs: { to: 1 } },
        { op: 'Add', inputs: ['d', 'dt'], outputs: ['dsum'] },
      ],
      inputs: [],
      outputs: [{ name: 'hf', type: 'float' }, { name: 'i8f', type: 'float' }, { name: 'u8f', type: 'float' }, { name: 'dsum', type: 'double' }],
      initializers: [
        { name: 'h', type: 'float16', dims: [4], values: [0.5, -2, 65504, 1 / 1024] },
        { name: 'i8', type: 'int8', dims: [3], values: [-128, 5, 127] },
        { name: 'u8', type: 'uint8', dims: [2], values: [0, 255] },
        { name: 'd', type: 'double', dims: [2], values: [0.1, 1e-300] },
        { name: 'dt', type: 'double', dims: [2], values: [0.2, 1e-300], raw: false },
      ],
    });
    const m = await tl.onnx.load(bytes);
    const r = m.run({});
    expectClose(r.hf!, [0.5, -2, 65504, 1 / 1024]);
    expectClose(r.i8f!, [-128, 5, 127]);
    expectClose(r.u8f!, [0, 255]);
    expect(r.dsum!.dtype).toBe('float64');
    expectClose(r.dsum!, [0.1 + 0.2, 2e-300], { atol: 0, rtol: 1e-15 });
  });

  it('returns int64 outputs as int64 tensors and accepts int64 feeds', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'Add', inputs: ['i', 'one'], outputs: ['y'] }],
      inputs: [{ name: 'i', type: 'int64', shape: [3] }],
      outputs: [{ name: 'y', type: 'int64' }],
      initializers: [{ name: 'one', type: 'int64', dims: [], values: [1], raw: false }],
    });
    const m = await tl.onnx.load(bytes);
    const y = m.run({ i: { data: BigInt64Array.from([1n, -5n, 7n]), shape: [3] } }).y!;
    expect(y.dtype).toBe('int64');
    expect(Array.from(y.dataSync() as BigInt64Array)).toEqual([2n, -4n, 8n]);
  });
});

describe('onnx Loop with a run-time condition (tl.whileLoop)', () => {
  it('doubles x until its sum passes 100, like onnxruntime', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'ReduceSum', inputs: ['x'], outputs: ['s0'], attrs: { keepdims: 0 } },
        { op: 'Less', inputs: ['s0', 'limit'], outputs: ['go'] },
        {
          op: 'Loop', inputs: ['', 'go', 'x'], outputs: ['y'],
          attrs: {
            body: A.g({
              nodes: [
                { op: 'Mul', inputs: ['v', 'two'], outputs: ['v2'] },
                { op: 'ReduceSum', inputs: ['v2'], outputs: ['s'], attrs: { keepdims: 0 } },
                { op: 'Less', inputs: ['s', 'limit'], outputs: ['more'] },
              ],
              inputs: [{ name: 'i', type: 'int64', shape: [] }, { name: 'c', type: 'bool', shape: [] }, { name: 'v', type: 'float', shape: [2] }],
              outputs: [{ name: 'more', type: 'bool', shape: [] }, { name: 'v2', type: 'float', shape: [2] }],
            }),
          },
        },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [2] }],
      outputs: [{ name: 'y', type: 'float' }],
      initializers: [{ name: 'limit', type: 'float', dims: [], values: [100] }, { name: 'two', type: 'float', dims: [], values: [2] }],
    });
    const m = await tl.onnx.load(bytes);
    for (const xs of [[1, 2], [30, 40], [200, 1]]) {
      const ref = await runOrt(bytes, { x: { type: 'float', dims: [2], values: xs } });
      expectClose(m.run({ x: tl.tensor(xs) }).y!, ref.y!.values);
    }
    // by hand: [1,2] doubles 6 times to [64,128] (sum 192 > 100); [200,1] does not loop.
    expectClose(m.run({ x: tl.tensor([1, 2]) }).y!, [64, 128]);
    expectClose(m.run({ x: tl.tensor([200, 1]) }).y!, [200, 1]);
  });
});

describe('onnx LRN with an even size (onnxruntime refuses it; the spec windows floor((size-1)/2) before, ceil after)', () => {
  it('matches the spec formula computed by hand', async () => {
    const m = await tl.onnx.load(makeModel({
      nodes: [{ op: 'LRN', inputs: ['x'], outputs: ['y'], attrs: { size: 2 } }],
      inputs: [{ name: 'x', type: 'float', shape: [1, 4, 1, 1] }],
      outputs: [{ name: 'y', type: 'float' }],
    }));
    const x = [1, 2, 3, 4];
    const sq = [1 + 4, 4 + 9, 9 + 16, 16];
    const want = x.map((v, i) => v / Math.pow(1 + (1e-4 / 2) * sq[i]!, 0.75));
    expectClose(m.run({ x: tl.tensor(x, [1, 4, 1, 1]) }).y!, want, { atol: 1e-6, rtol: 1e-6 });
  });
});

describe('onnx fine-tuning (trainable: true)', () => {
  it('turns float initializers into Variables and a GradientDescent step lowers the loss', async () => {
    const model = await tl.onnx.load(makeModel(smallCnn()), { trainable: true });
    expect(model.variables.map((v) => v.shape)).toEqual([[4, 1, 3, 3], [4], [3, 36], [3]]);
    const g = model.graph!;
    const x = model.inputTensors!.x!;
    const logits = model.outputTensors!.logits!;
    const { labels, loss, train } = g.asDefault(() => {
      const labels = tl.placeholder('float32', [null, 3], 'labels');
      const loss = tl.mean(tl.softmaxCrossEntropyWithLogits(labels, logits));
      const train = new tl.train.GradientDescentOptimizer(0.5).minimize(loss);
      return { labels, loss, train };
    });
    // Synthetic task: the class is which third of the image is brightest.
    const n = 24;
    const { xs, ys } = brightestBand(n);
    const feeds = new Map<tl.Tensor, tl.Tensor>([[x, tl.tensor(xs, [n, 1, 6, 6])], [labels, tl.tensor(ys, [n, 3])]]);
    const sess = model.session!;
    const first = (sess.run(loss, feeds) as tl.Tensor).dataSync()[0]!;
    for (let step = 0; step < 30; step++) sess.run(train, feeds);
    const last = (sess.run(loss, feeds) as tl.Tensor).dataSync()[0]!;
    expect(last).toBeLessThan(first * 0.5);
    // model.run sees the trained weights.
    const pred = model.run({ x: feeds.get(x)! }).logits!;
    const acc = tl.mean(tl.cast(tl.equal(tl.argMax(pred, 1), tl.argMax(feeds.get(labels)!, 1)), 'float32')).dataSync()[0]!;
    expect(acc).toBeGreaterThan(0.9);
  });
});

describe('onnx recurrent layout 1 (batch first; onnxruntime supports only layout 0)', () => {
  it('equals the layout-0 model run by onnxruntime on the transposed input', async () => {
    const weights = [
      { name: 'W', ...rand([1, 12, 4], 31) },
      { name: 'R', ...rand([1, 12, 3], 32) },
      { name: 'B', ...rand([1, 24], 33) },
    ];
    const model = (layout: number, xShape: number[]) => makeModel({
      nodes: [{ op: 'LSTM', inputs: ['x', 'W', 'R', 'B'], outputs: ['y', 'yh', 'yc'], attrs: { hidden_size: 3, layout } }],
      inputs: [{ name: 'x', type: 'float', shape: xShape }],
      outputs: [{ name: 'y', type: 'float' }, { name: 'yh', type: 'float' }, { name: 'yc', type: 'float' }],
      initializers: weights,
      opset: 14,
    });
    const xt = rand([2, 5, 4], 34); // [B, T, I]
    const x0 = tl.transpose(tl.tensor(xt.values, xt.dims), [1, 0, 2]);
    const ref = await runOrt(model(0, [5, 2, 4]), { x: { type: 'float', dims: [5, 2, 4], values: Array.from(x0.dataSync() as Float32Array) } });
    const m = await tl.onnx.load(model(1, [2, 5, 4]));
    const got = m.run({ x: tl.tensor(xt.values, xt.dims) });
    // layout 1: Y [B, T, D, H], Y_h and Y_c [B, D, H]
    expectClose(got.y!, tl.transpose(tl.tensor(ref.y!.values, ref.y!.dims), [2, 0, 1, 3]), { atol: 1e-5, rtol: 1e-5 });
    expectClose(got.yh!, tl.transpose(tl.tensor(ref.yh!.values, ref.yh!.dims), [1, 0, 2]), { atol: 1e-5, rtol: 1e-5 });
    expectClose(got.yc!, tl.transpose(tl.tensor(ref.yc!.values, ref.yc!.dims), [1, 0, 2]), { atol: 1e-5, rtol: 1e-5 });
  });
});

describe('onnx control flow', () => {
  const ifModel = () => makeModel({
    nodes: [
      { op: 'ReduceSum', inputs: ['x'], outputs: ['s'], attrs: { keepdims: 0 } },
      { op: 'Greater', inputs: ['s', 'zero'], outputs: ['c'] },
      {
        op: 'If', inputs: ['c'], outputs: ['y'],
        attrs: {
          then_branch: A.g({ nodes: [{ op: 'Mul', inputs: ['x', 'two'], outputs: ['t'] }], inputs: [], outputs: [{ name: 't', type: 'float' }] }),
          else_branch: A.g({ nodes: [{ op: 'Neg', inputs: ['x'], outputs: ['e'] }], inputs: [], outputs: [{ name: 'e', type: 'float' }] }),
        },
      },
    ],
    inputs: [{ name: 'x', type: 'float', shape: [3] }],
    outputs: [{ name: 'y', type: 'float', shape: [3] }],
    initializers: [{ name: 'zero', type: 'float', dims: [], values: [0] }, { name: 'two', type: 'float', dims: [], values: [2] }],
  });

  it('If takes the branch its run-time condition picks (branches read outer values)', async () => {
    const bytes = ifModel();
    const m = await tl.onnx.load(bytes);
    for (const xs of [[1, 2, -1], [-3, 1, 0]]) {
      const ref = await runOrt(bytes, { x: { type: 'float', dims: [3], values: xs } });
      expectClose(m.run({ x: tl.tensor(xs) }).y!, ref.y!.values);
    }
    // by hand: sum 2 > 0 -> 2x; sum -2 -> -x
    expectClose(m.run({ x: tl.tensor([1, 2, -1]) }).y!, [2, 4, -2]);
    expectClose(m.run({ x: tl.tensor([-3, 1, 0]) }).y!, [3, -1, -0]);
  });

  it('Loop with a trip count unrolls, carrying state and stacking scan outputs', async () => {
    // acc_{i+1} = acc_i * x + i; scan collects acc each step.
    const bytes = makeModel({
      nodes: [{
        op: 'Loop', inputs: ['trip', '', 'acc0'], outputs: ['acc', 'scan'],
        attrs: {
          body: A.g({
            nodes: [
              { op: 'Identity', inputs: ['cond_in'], outputs: ['cond_out'] },
              { op: 'Cast', inputs: ['i'], outputs: ['fi'], attrs: { to: 1 } },
              { op: 'Mul', inputs: ['acc_in', 'x'], outputs: ['m'] },
              { op: 'Add', inputs: ['m', 'fi'], outputs: ['acc_out'] },
              { op: 'Identity', inputs: ['acc_out'], outputs: ['scan_out'] },
            ],
            inputs: [{ name: 'i', type: 'int64', shape: [] }, { name: 'cond_in', type: 'bool', shape: [] }, { name: 'acc_in', type: 'float', shape: [2] }],
            outputs: [{ name: 'cond_out', type: 'bool', shape: [] }, { name: 'acc_out', type: 'float', shape: [2] }, { name: 'scan_out', type: 'float', shape: [2] }],
          }),
        },
      }],
      inputs: [{ name: 'x', type: 'float', shape: [2] }, { name: 'acc0', type: 'float', shape: [2] }],
      outputs: [{ name: 'acc', type: 'float' }, { name: 'scan', type: 'float' }],
      initializers: [{ name: 'trip', type: 'int64', dims: [], values: [3] }],
    });
    const feeds = { x: { type: 'float' as const, dims: [2], values: [2, -1] }, acc0: { type: 'float' as const, dims: [2], values: [1, 1] } };
    const ref = await runOrt(bytes, feeds);
    const m = await tl.onnx.load(bytes);
    const got = m.run({ x: tl.tensor([2, -1]), acc0: tl.tensor([1, 1]) });
    expectClose(got.acc!, ref.acc!.values);
    expectClose(got.scan!, ref.scan!.values, { shape: [3, 2] });
    // by hand: [1,1] -> [2,-1] -> [5,2] -> [12,0]
    expectClose(got.scan!, [[2, -1], [5, 2], [12, 0]]);
  });
});

describe('onnx trainable: which initializers become Variables', () => {
  it('keeps shape arguments constant and makes batch-norm statistics non-trainable', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'BatchNormalization', inputs: ['x', 'scale', 'bias', 'mean', 'var'], outputs: ['b'] },
        { op: 'Resize', inputs: ['b', '', 'scales'], outputs: ['r'] },
        { op: 'Reshape', inputs: ['r', 'shape'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [1, 2, 2, 2] }],
      outputs: [{ name: 'y', type: 'float' }],
      initializers: [
        { name: 'scale', type: 'float', dims: [2], values: [1, 2] },
        { name: 'bias', type: 'float', dims: [2], values: [0, 1] },
        { name: 'mean', type: 'float', dims: [2], values: [0.5, -0.5] },
        { name: 'var', type: 'float', dims: [2], values: [1, 4] },
        { name: 'scales', type: 'float', dims: [4], values: [1, 1, 2, 2] },
        { name: 'shape', type: 'int64', dims: [2], values: [2, -1] },
      ],
    });
    const m = await tl.onnx.load(bytes, { trainable: true });
    expect(m.variables.map((v) => [v.name, v.trainable])).toEqual([['scale', true], ['bias', true], ['mean', false], ['var', false]]);
    const x = rand([1, 2, 2, 2], 40);
    const ref = await runOrt(bytes, { x });
    expectClose(m.run({ x: tl.tensor(x.values, x.dims) }).y!, ref.y!.values, { atol: 1e-5, rtol: 1e-5, shape: [2, 16] });
  });

  it('runAsync gives what run gives, and run leaks no tensors', async () => {
    const m = await tl.onnx.load(makeModel(smallCnn(2)));
    const x = tl.tensor(rand([2, 1, 6, 6], 41).values, [2, 1, 6, 6]);
    const a = m.run({ x }).logits!;
    const b = (await m.runAsync({ x })).logits!;
    expectClose(b, a, { atol: 1e-6, rtol: 1e-6 });
    expectNoLeak(() => m.run({ x }));
  });
});

describe('onnx model dispose', () => {
  it('frees the constants it kept and closes the session', async () => {
    const before = tl.memory().numTensors;
    const m = await tl.onnx.load(makeModel(smallCnn(1)));
    const loaded = tl.memory().numTensors;
    expect(loaded).toBeGreaterThan(before);
    await m.dispose();
    // The four initializers (and their folded transposes) are freed; the graph's own kept copies remain
    // until the graph itself is dropped.
    expect(tl.memory().numTensors).toBeLessThan(loaded);
    expect(() => m.run({ x: tl.zeros([1, 1, 6, 6]) })).toThrow(/close/i);
  });
});
