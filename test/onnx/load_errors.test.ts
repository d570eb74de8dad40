/**
 * Hostile and unsupported models: malformed bytes, sizes that do not match the data, external data that
 * escapes the model's folder, deep subgraphs, unsupported operators/dtypes/opsets, and bad options and feeds.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../../src/index.js';
import { modelType } from '../../src/onnx/proto.js';
import { A, makeModel, tensorProto, type NodeSpec } from './make_model.js';

const relu = (extra: Partial<Parameters<typeof makeModel>[0]> = {}) =>
  makeModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], inputs: [{ name: 'x', type: 'float', shape: [2] }], outputs: [{ name: 'y', type: 'float' }], ...extra });

/** A model whose initializer 'w' is stored externally at `location`. */
function externalModel(location: string, length = 16, offset = 0): Uint8Array {
  const T = modelType();
  return T.encode(T.fromObject({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      node: [{ op_type: 'Add', input: ['x', 'w'], output: ['y'] }],
      initializer: [{ name: 'w', dims: [4], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(length) }] }],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 4 }] } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }],
    },
  })).finish();
}

describe('onnx.load refuses bad input with typed errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-onnx-'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'weights.bin'), new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer));
    writeFileSync(join(dir, 'secret.bin'), new Uint8Array(16));
    symlinkSync(join(dir, 'secret.bin'), join(dir, 'model', 'link.bin'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads external data inside the model folder', async () => {
    writeFileSync(join(dir, 'model', 'ok.onnx'), externalModel('weights.bin'));
    const m = await tl.onnx.load(join(dir, 'model', 'ok.onnx'));
    expect(Array.from(m.run({ x: tl.tensor([1, 1, 1, 1]) }).y!.dataSync())).toEqual([2, 3, 4, 5]);
  });

  it.each([
    ['an absolute location', '/etc/passwd', /relative path inside the model's folder/],
    ['a location with ..', '../secret.bin', /relative path inside the model's folder/],
    ['a symlink out of the folder', 'link.bin', /resolves outside the model's folder/],
    ['a missing file', 'nope.bin', /cannot be found/],
  ])('refuses %s', async (_what, location, msg) => {
    const p = join(dir, 'model', `bad-${location.replace(/\W/g, '_')}.onnx`);
    writeFileSync(p, externalModel(location));
    await expect(tl.onnx.load(p)).rejects.toThrow(tl.FileFormatError);
    await expect(tl.onnx.load(p)).rejects.toThrow(msg);
  });

  it('refuses external data past the end of its file, and a length that disagrees with the dims', async () => {
    const p = join(dir, 'model', 'past.onnx');
    writeFileSync(p, externalModel('weights.bin', 16, 8));
    await expect(tl.onnx.load(p)).rejects.toThrow(/runs past its end/);
    writeFileSync(p, externalModel('weights.bin', 12));
    await expect(tl.onnx.load(p)).rejects.toThrow(/does not match the 16 bytes/);
  });

  it('refuses external data when loaded from bytes (no folder known)', async () => {
    await expect(tl.onnx.load(externalModel('weights.bin'))).rejects.toThrow(/load the model from a path/);
  });

  it('names the file for malformed bytes', async () => {
    const p = join(dir, 'garbage.onnx');
    writeFileSync(p, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]));
    await expect(tl.onnx.load(p)).rejects.toThrow(tl.FileFormatError);
    await expect(tl.onnx.load(p)).rejects.toThrow(/garbage\.onnx' is not a valid ONNX model \(protobuf: .*, near byte offset \d+ of 8\)/);
    await expect(tl.onnx.load(join(dir, 'missing.onnx'))).rejects.toThrow(/cannot read/);
    await expect(tl.onnx.load(relu().slice(0, 7))).rejects.toThrow(tl.FileFormatError);
  });

  it('checks a declared tensor size against its data before allocating', async () => {
    const huge = relu({ initializers: [{ name: 'w', type: 'float', dims: [100000, 100000], values: [1, 2] }] });
    await expect(tl.onnx.load(huge)).rejects.toThrow(/declares 10000000000 elements/);
    const short = relu({ initializers: [{ name: 'w', type: 'float', dims: [3], values: [1, 2] }] });
    await expect(tl.onnx.load(short)).rejects.toThrow(/declares 3 elements of 4 bytes but has 8 bytes/);
    const typed = relu({ initializers: [{ name: 'w', type: 'float', dims: [3], values: [1, 2], raw: false }] });
    await expect(tl.onnx.load(typed)).rejects.toThrow(/declares 3 elements .* but holds 2/);
  });

  it('bounds subgraph nesting', async () => {
    let g: Record<string, unknown> = { node: [] };
    for (let i = 0; i < 20; i++) g = { node: [{ op_type: 'If', input: ['c'], output: ['o'], attribute: [{ name: 'then_branch', type: 5, g }] }] };
    const T = modelType();
    const bytes = T.encode(T.fromObject({ ir_version: 8, opset_import: [{ version: 17 }], graph: g })).finish();
    await expect(tl.onnx.load(bytes)).rejects.toThrow(/nest deeper than 16/);
  });

  it('names an unsupported operator and its node at load', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['a'] }, { op: 'DeformConv', inputs: ['a'], outputs: ['y'], name: 'odd' }],
      inputs: [{ name: 'x', type: 'float', shape: [2] }],
      outputs: [{ name: 'y', type: 'float' }],
    });
    await expect(tl.onnx.load(bytes)).rejects.toThrow(/node 'odd' \(#1\) uses operator 'DeformConv'/);
    const custom = makeModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'], domain: 'com.microsoft' }], inputs: [{ name: 'x', type: 'float', shape: [2] }], outputs: [{ name: 'y', type: 'float' }] });
    await expect(tl.onnx.load(custom)).rejects.toThrow(/domain 'com.microsoft'/);
  });

  it('refuses convolution, pooling and resize variants it cannot run, naming the node', async () => {
    type Attrs = NonNullable<NodeSpec['attrs']>;
    const one = (op: string, xShape: number[], attrs: Attrs, wShape?: number[], opts: { outputs?: string[]; opset?: number } = {}) => makeModel({
      nodes: [{ op, inputs: wShape ? ['x', 'w'] : ['x'], outputs: opts.outputs ?? ['y'], name: 'n1', attrs }],
      inputs: [{ name: 'x', type: 'float', shape: xShape }],
      outputs: (opts.outputs ?? ['y']).map((name) => ({ name, type: 'float' as const })),
      initializers: wShape ? [{ name: 'w', type: 'float', dims: wShape, values: Array(wShape.reduce((a, b) => a * b, 1)).fill(0.5) }] : [],
      opset: opts.opset,
    });
    const cases: [Uint8Array, RegExp][] = [
      [one('MaxPool', [1, 1, 4, 4], { kernel_shape: [2, 2], dilations: [2, 2] }, undefined, { outputs: ['y', 'i'] }), /MaxPool node 'n1': the Indices output of MaxPool is not supported/],
      [one('MaxPool', [1, 1, 4, 6], { kernel_shape: [3, 2], dilations: [2, 1] }), /MaxPool node 'n1': the dilated window \[5,2\] does not fit the padded input \[4,6\]/],
      [one('ConvTranspose', [1, 1, 2, 2, 2, 2], {}, [1, 1, 1, 1, 1, 1]), /ConvTranspose node 'n1': only 1-D, 2-D and 3-D transposed/],
      [one('ConvTranspose', [1, 2, 3, 3, 3], { strides: [2, 2] }, [2, 1, 2, 2, 2]), /ConvTranspose node 'n1': kernel_shape\/strides\/dilations\/output_padding must have 3 entries/],
      // Resize-10 and Upsample know nearest and linear only; cubic arrived with opset 11.
      [one('Upsample', [1, 1, 2, 2], { mode: 'cubic', scales: A.floats([1, 1, 2, 2]) }, undefined, { opset: 7 }), /Upsample node 'n1': mode 'cubic' is not supported \(nearest, linear\)/],
      [one('ConvTranspose', [1, 3, 4, 4], { group: 2 }, [3, 1, 2, 2]), /ConvTranspose node 'n1': input channels 3 .* divisible by group 2/],
      [one('Conv', [1, 1, 2, 2, 2, 2], {}, [1, 1, 1, 1, 1, 1]), /Conv node 'n1': only 1-D, 2-D and 3-D convolutions/],
    ];
    for (const [bytes, msg] of cases) {
      await expect(tl.onnx.load(bytes)).rejects.toThrow(tl.ArgumentError);
      await expect(tl.onnx.load(bytes)).rejects.toThrow(msg);
    }
  });

  it('names an unsupported dtype and an unsupported opset', async () => {
    const T = modelType();
    const str = T.encode(T.fromObject({
      ir_version: 8, opset_import: [{ version: 17 }],
      graph: { node: [], initializer: [{ ...tensorProto({ name: 's', type: 'float', dims: [1], values: [1] }), data_type: 8 }], output: [{ name: 's' }] },
    })).finish();
    await expect(tl.onnx.load(str)).rejects.toThrow(/tensor 's': ONNX element type string is not supported/);
    await expect(tl.onnx.load(relu({ opset: 6 }))).rejects.toThrow(/imports opset 6; opsets 7 to 21/);
    await expect(tl.onnx.load(relu({ opset: 22 }))).rejects.toThrow(tl.FileFormatError);
  });

  it('rejects unknown options, unknown backends, bad feeds', async () => {
    await expect(tl.onnx.load(relu(), { trainble: true } as never)).rejects.toThrow(/onnx.load.*trainble/);
    await expect(tl.onnx.load(relu(), { backend: 'tpu' })).rejects.toThrow(/backend 'tpu' is not present/);
    await expect(tl.onnx.load(42 as never)).rejects.toThrow(tl.ArgumentError);
    const m = await tl.onnx.load(relu());
    expect(() => m.run({})).toThrow(/input 'x' is not fed/);
    expect(() => m.run({ x: tl.tensor([1, 2]), z: tl.tensor([1]) })).toThrow(/unknown input 'z'/);
    expect(() => m.run({ x: tl.tensor([1, 2, 3]) })).toThrow(tl.ShapeError);
    expect(() => m.run({ x: tl.tensor([1, 2], [2], 'int32') })).toThrow(tl.DTypeError);
  });

  it('reports a missing node input with the node', async () => {
    const bytes = makeModel({ nodes: [{ op: 'Add', inputs: ['x', 'ghost'], outputs: ['y'], name: 'adder' }], inputs: [{ name: 'x', type: 'float', shape: [2] }], outputs: [{ name: 'y', type: 'float' }] });
    await expect(tl.onnx.load(bytes)).rejects.toThrow(/node 'adder' \(Add\) reads 'ghost'/);
  });
});

describe('onnxruntime backend', () => {
  it('is listed by tl.backends() but refuses to be the kernel backend', async () => {
    expect(tl.backends()).toContain('onnxruntime');
    await expect(tl.setBackend('onnxruntime')).rejects.toThrow(/serves whole ONNX models only/);
    expect(tl.getBackend()).not.toBe('onnxruntime');
  });

  it('runs a whole model with the same run interface (async), with int64 and bool I/O', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['y'] },
        { op: 'Greater', inputs: ['x', 'zero'], outputs: ['pos'] },
        { op: 'Add', inputs: ['i', 'i'], outputs: ['twice'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [3] }, { name: 'i', type: 'int64', shape: [2] }],
      outputs: [{ name: 'y', type: 'float' }, { name: 'pos', type: 'bool' }, { name: 'twice', type: 'int64' }],
      initializers: [{ name: 'zero', type: 'float', dims: [], values: [0] }],
    });
    const m = await tl.onnx.load(bytes, { backend: 'onnxruntime' });
    expect(m.backend).toBe('onnxruntime');
    expect(m.graph).toBeNull();
    expect(() => m.run({})).toThrow(/runAsync/);
    const r = await m.runAsync({ x: tl.tensor([-1, 2, 0.5]), i: tl.tensor([3, -4], [2], 'int32') });
    expect(Array.from(r.y!.dataSync())).toEqual([0, 2, 0.5]);
    expect(r.pos!.dtype).toBe('bool');
    expect(Array.from(r.pos!.dataSync())).toEqual([0, 1, 1]);
    expect(r.twice!.dtype).toBe('int64');
    expect(Array.from(r.twice!.dataSync() as BigInt64Array)).toEqual([6n, -8n]);
    await expect(tl.onnx.load(bytes, { backend: 'onnxruntime', trainable: true })).rejects.toThrow(/inference only/);
    await m.dispose();
  });
});
