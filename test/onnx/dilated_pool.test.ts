/**
 * Dilated MaxPool / AveragePool beyond the operator table (op_cases.ts compares explicit pads, VALID and
 * ceil_mode with onnxruntime): auto_pad SAME with dilations, where the ONNX spec pads by the dilated window
 * and onnxruntime pads by the undilated kernel (so it is checked against onnxruntime on the same model with
 * the spec's pads written out), and gradients through a dilated pool in a trainable import, by finite
 * differences.
 */
import { it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';
import { makeModel, rand, runOrt, type NodeSpec } from './make_model.js';

type Attrs = NonNullable<NodeSpec['attrs']>;

function poolModel(op: string, xShape: (number | string)[], attrs: Attrs, opset: number): Uint8Array {
  return makeModel({
    nodes: [{ op, inputs: ['x'], outputs: ['y'], attrs }],
    inputs: [{ name: 'x', type: 'float', shape: xShape }],
    outputs: [{ name: 'y', type: 'float' }],
    opset,
  });
}

describeEachBackend('onnx dilated pools', (backend) => {
  it.each([
    // 6 x 5, kernel 3 x 3 dilated 2 x 1 (window 5 x 3), stride 2: out ceil(6/2) x ceil(5/2) = 3 x 3, pads
    // (3-1)*2 + 5 - 6 = 3 -> [1, 2] and (3-1)*2 + 3 - 5 = 2 -> [1, 1] (SAME_UPPER puts the odd cell at the end).
    ['MaxPool', [1, 2, 6, 5], { kernel_shape: [3, 3], dilations: [2, 1], strides: [2, 2], auto_pad: 'SAME_UPPER' }, 17, [1, 1, 2, 1], [1, 2, 3, 3]],
    // 3 x 5 x 6, kernel 2 x 2 x 3 dilated 1 x 2 x 2 (window 2 x 3 x 5), strides 1 x 2 x 2: out 3 x 3 x 3, pads
    // 1 -> [1, 0], 2 -> [1, 1], 3 -> [2, 1] (SAME_LOWER puts the odd cell at the start).
    ['AveragePool', [1, 2, 3, 5, 6], { kernel_shape: [2, 2, 3], dilations: [1, 2, 2], strides: [1, 2, 2], auto_pad: 'SAME_LOWER' }, 19, [1, 1, 2, 0, 1, 1], [1, 2, 3, 3, 3]],
  ] as [string, number[], Attrs, number, number[], number[]][])('%s with auto_pad SAME pads by the dilated window', async (op, xShape, attrs, opset, pads, outShape) => {
    const same = poolModel(op, xShape, attrs, opset);
    const explicit = poolModel(op, xShape, { ...attrs, auto_pad: 'NOTSET', pads }, opset);
    const x = rand(xShape, 5);
    const ref = await runOrt(explicit, { x });
    expect(ref.y!.dims).toEqual(outShape);
    const model = await tl.onnx.load(same, { backend });
    const y = model.run({ x: tl.tensor(x.values, x.dims) }).y!;
    expectClose(y, ref.y!.values, { atol: 1e-5, rtol: 1e-5, shape: outShape });
    y.dispose();
  });

  it.each([
    ['MaxPool', { kernel_shape: [2, 3], dilations: [2, 2], strides: [1, 2], pads: [1, 1, 0, 2], ceil_mode: 1 }, 17],
    ['AveragePool', { kernel_shape: [3, 2], dilations: [2, 3], pads: [2, 0, 1, 1], count_include_pad: 1 }, 19],
  ] as [string, Attrs, number][])('%s: gradients through the dilated pool of a trainable import match finite differences', async (op, attrs, opset) => {
    // x [N, 1, 6, 7] -> Conv (trainable 2 x 1 x 2 x 2 weights, pads 1) -> dilated pool; loss = sum(y * r).
    const w0 = rand([2, 1, 2, 2], 7);
    const build = (w: number[]) => makeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { pads: [1, 1, 0, 0] } },
        { op, inputs: ['c'], outputs: ['y'], attrs },
      ],
      inputs: [{ name: 'x', type: 'float', shape: ['N', 1, 6, 7] }],
      outputs: [{ name: 'y', type: 'float' }],
      initializers: [{ name: 'w', ...w0, values: w }],
      opset,
    });
    const model = await tl.onnx.load(build(w0.values), { trainable: true, backend });
    expect(model.variables.map((v) => v.shape)).toEqual([[2, 1, 2, 2]]);
    const xIn = rand([2, 1, 6, 7], 8, 2);
    const x0 = tl.tensor(xIn.values, xIn.dims);
    const y0 = model.run({ x: x0 }).y!;
    const r = tl.tensor(rand(y0.shape, 9).values, y0.shape);
    const lossOf = (m: tl.onnx.OnnxModel, xs: number[]) => tl.tidy(() => tl.sum(tl.mul(m.run({ x: tl.tensor(xs, xIn.dims) }).y!, r)).dataSync()[0]!);
    const xSym = model.inputTensors!.x!, ySym = model.outputTensors!.y!;
    const [dx, dw] = model.graph!.asDefault(() => tl.gradients(tl.sum(tl.mul(ySym, r)), [xSym, model.variables[0]!]));
    const [gx, gw] = model.session!.run([dx!, dw!], new Map([[xSym, x0]])) as tl.Tensor[];
    // Max and average pools are piecewise linear: central differences are exact up to float32 rounding
    // (the step is small enough not to change which element wins a max window on these values).
    const eps = 1e-2;
    const central = async (base: number[], at: (v: number[]) => Promise<number>) => {
      const out: number[] = [];
      for (let i = 0; i < base.length; i++) {
        const up = [...base], down = [...base];
        up[i]! += eps; down[i]! -= eps;
        out.push(((await at(up)) - (await at(down))) / (2 * eps));
      }
      return out;
    };
    expectClose(gx!, await central(xIn.values, async (xs) => lossOf(model, xs)), { atol: 2e-3, rtol: 2e-3 });
    // The weights' gradient, against models loaded with the perturbed weights.
    const numericW = await central(w0.values, async (w) => lossOf(await tl.onnx.load(build(w), { backend }), xIn.values));
    expectClose(gw!, numericW, { atol: 2e-3, rtol: 2e-3 });
    tl.dispose([x0, y0, r, gx!, gw!]);
  });
});
