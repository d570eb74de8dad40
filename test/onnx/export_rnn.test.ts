/**
 * Export of the recurrent ops to ONNX LSTM/GRU/RNN (gate order and bias layout converted, peepholes, the cell
 * clip written unrolled): graphs are run by the tensorlane session and by onnxruntime-node, compared to 1e-4.
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { runOrt } from './make_model.js';

const randT = (shape: number[], seed: number, scale = 0.5) => tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed), (v) => v * scale), shape);
const floats = (t: tl.Tensor) => Array.from(t.dataSync() as Float32Array);
const T = 5, B = 3, I = 4, U = 6;

async function check(build: (x: tl.Tensor) => tl.Tensor, opts: { train?: boolean; batch?: number } = {}): Promise<Uint8Array> {
  const g = new tl.Graph();
  const { x, y, step, labels } = g.asDefault(() => {
    const x = tl.placeholder('float32', [T, null, I], 'x');
    const y = build(x);
    const labels = tl.placeholder('float32', y.shape.map((d) => (d < 0 ? null : d)));
    const step = opts.train ? new tl.train.AdamOptimizer(0.05).minimize(tl.mean(tl.square(tl.sub(y, labels)))) : null;
    return { x, y, step, labels };
  });
  const sess = new tl.Session({ graph: g });
  sess.run(g.asDefault(() => tl.globalVariablesInitializer()));
  const xs = randT([T, B, I], 21, 1);
  if (step) for (let i = 0; i < 3; i++) sess.run(step, new Map([[x, xs], [labels, tl.onesLike(sess.run(y, new Map([[x, xs]])) as tl.Tensor)]]));
  const expected = sess.run(y, new Map([[x, xs]])) as tl.Tensor;
  const bytes = await tl.onnx.export(g, { inputs: { x }, outputs: { y }, session: sess });
  const ref = await runOrt(bytes, { x: { type: 'float', dims: [T, B, I], values: floats(xs) } });
  expect(ref.y!.dims).toEqual(expected.shape);
  expectClose(ref.y!.values, expected, { atol: 1e-4, rtol: 1e-4 });
  const back = await tl.onnx.load(bytes);
  expectClose(back.run({ x: xs }).y!, expected, { atol: 1e-4, rtol: 1e-4 });
  return bytes;
}

const v = (shape: number[], seed: number, name: string) => new tl.Variable(randT(shape, seed), { name });

/** [B, U] zeros fed from x's batch at run time (so the batch stays dynamic). */
const stateFor = (x: tl.Tensor, seed: number) => tl.add(tl.reshape(tl.mul(tl.sum(tl.slice(x, [0, 0, 0], [1, -1, -1]), [0, 2], false), 0), [-1, 1]), randT([1, U], seed));

describe('onnx.export of recurrent ops', () => {
  it('a trained lstmSequence + dense model (ONNX LSTM, iofc gates, forget bias in Wb)', async () => {
    const bytes = await check((x) => {
      const [, h] = tl.lstmSequence(x, stateFor(x, 1), stateFor(x, 2), v([I + U, 4 * U], 3, 'k'), v([4 * U], 4, 'b'), { forgetBias: 0.7 });
      const last = tl.squeeze(tl.slice(h, [T - 1, 0, 0], [1, -1, -1]), [0]);
      return tl.sigmoid(tl.add(tl.matMul(last, v([U, 2], 5, 'w')), 0.1));
    }, { train: true });
    expect(new TextDecoder('latin1').decode(bytes)).toContain('LSTM');
  });

  it('LSTM peepholes (P input) and a cell clip (unrolled); lstmCell and basicLSTMCell', async () => {
    const peep = { wci: randT([U], 6), wcf: randT([U], 7), wco: randT([U], 8) };
    await check((x) => tl.lstmSequence(x, stateFor(x, 1), stateFor(x, 2), randT([I + U, 4 * U], 3), randT([4 * U], 4), peep)[1]);
    await check((x) => tl.concat(tl.lstmSequence(x, stateFor(x, 1), stateFor(x, 2), randT([I + U, 4 * U], 3, 2), randT([4 * U], 4), { ...peep, cellClip: 0.3 }), 2));
    await check((x) => {
      const x0 = tl.squeeze(tl.slice(x, [0, 0, 0], [1, -1, -1]), [0]);
      const [c, h] = tl.lstmCell(x0, stateFor(x, 1), stateFor(x, 2), randT([I + U, 4 * U], 3), randT([4 * U], 4), { ...peep, forgetBias: 0.2 });
      const [c2, h2] = tl.basicLSTMCell(x0, c, h, randT([I + U, 4 * U], 9), randT([4 * U], 10), 0.5);
      return tl.concat([c, h, c2, h2], 1);
    });
  });

  it('gruSequence and gruCell (zrh gates, linear_before_reset 0); rnnSequence and basicRNNCell', async () => {
    const gk = randT([I + U, 2 * U], 11), gb = randT([2 * U], 12), ck = randT([I + U, U], 13), cb = randT([U], 14);
    await check((x) => tl.gruSequence(x, stateFor(x, 1), gk, gb, ck, cb), { train: false });
    await check((x) => tl.gruCell(tl.squeeze(tl.slice(x, [2, 0, 0], [1, -1, -1]), [0]), stateFor(x, 1), gk, gb, ck, cb));
    for (const act of ['tanh', 'relu', 'sigmoid', 'linear'] as const) await check((x) => tl.rnnSequence(x, stateFor(x, 1), randT([I + U, U], 15), randT([U], 16), act));
    await check((x) => tl.basicRNNCell(tl.squeeze(tl.slice(x, [1, 0, 0], [1, -1, -1]), [0]), stateFor(x, 1), randT([I + U, U], 15), randT([U], 16)));
  });

  it("refuses an LSTM's cell-state sequence (ONNX returns the last state only) naming the node", async () => {
    const g = new tl.Graph();
    const { x, c } = g.asDefault(() => {
      const x = tl.placeholder('float32', [T, B, I], 'x');
      const [c] = tl.lstmSequence(x, tl.zeros([B, U]), tl.zeros([B, U]), randT([I + U, 4 * U], 3), randT([4 * U], 4));
      return { x, c: tl.relu(c) };
    });
    await expect(tl.onnx.export(g, { inputs: { x }, outputs: { c } })).rejects.toThrow(/cell-state sequence/);
  });
});
