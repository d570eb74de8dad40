/**
 * Cubic Resize on inputs onnxruntime refuses (it takes cubic on 2-D inputs, or 4-D ones resized on the last two
 * axes only): the importer resizes any axes, one axis at a time, so a 3-D or 5-D resize of the same data must
 * equal onnxruntime's 4-D result on that data reshaped (the extra axes are not resized).
 */
import { it } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';
import { makeModel, rand, runOrt, type NodeSpec } from './make_model.js';

function cubicModel(xShape: number[], scales: number[], attrs: NonNullable<NodeSpec['attrs']>): Uint8Array {
  return makeModel({
    nodes: [{ op: 'Resize', inputs: ['x', '', 's'], outputs: ['y'], attrs: { mode: 'cubic', ...attrs } }],
    inputs: [{ name: 'x', type: 'float', shape: xShape }],
    outputs: [{ name: 'y', type: 'float' }],
    initializers: [{ name: 's', type: 'float', dims: [scales.length], values: scales }],
  });
}

describeEachBackend('onnx cubic Resize beyond 4-D NCHW', (backend) => {
  it.each([
    ['3-D', [2, 3, 4], [1, 2, 1.5], { exclude_outside: 1 }],
    ['5-D', [1, 2, 1, 3, 4], [1, 1, 1, 2, 1.5], { coordinate_transformation_mode: 'align_corners', cubic_coeff_a: -0.5 }],
  ] as [string, number[], number[], NonNullable<NodeSpec['attrs']>][])('%s equals onnxruntime on the 4-D reshape', async (_what, xShape, scales, attrs) => {
    const [h, w] = xShape.slice(-2) as [number, number];
    const lead = xShape.slice(0, -2).reduce((a, b) => a * b, 1);
    const x = rand(xShape, 3);
    const ref = await runOrt(cubicModel([1, lead, h, w], [1, 1, ...scales.slice(-2)], attrs), { x: { ...x, dims: [1, lead, h, w] } });
    const model = await tl.onnx.load(cubicModel(xShape, scales, attrs), { backend });
    const y = model.run({ x: tl.tensor(x.values, xShape) }).y!;
    const outShape = xShape.map((d, i) => Math.floor(d * scales[i]!));
    expectClose(y, ref.y!.values, { atol: 1e-5, rtol: 1e-5, shape: outShape });
    y.dispose();
  });
});
