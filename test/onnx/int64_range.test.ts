/**
 * int64 (and uint32/uint64) values are computed in int32: values that fit (shape math) work; a value that does
 * not fit is a DTypeError naming the node and the initializer (or the fed input), never a silent clamp —
 * except Slice's starts/ends, where ONNX itself clamps to the dimension (INT64_MAX means "to the end").
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { A, makeModel } from './make_model.js';

const big = 3_000_000_000;

describe('onnx import: int64 values outside int32', () => {
  it('an out-of-range int64 initializer read by Add is an error naming the node and initializer (raw and typed storage)', async () => {
    for (const raw of [true, false]) {
      const bytes = makeModel({
        nodes: [{ op: 'Add', inputs: ['x', 'c'], outputs: ['y'], name: 'add_big' }],
        inputs: [{ name: 'x', type: 'int64', shape: [2] }],
        outputs: [{ name: 'y', type: 'int64' }],
        initializers: [{ name: 'c', type: 'int64', dims: [2], values: [1, big], raw }],
      });
      const err = await tl.onnx.load(bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(tl.DTypeError);
      expect(String(err)).toMatch(/node 'add_big' \(Add\) input 1 \('c'\): initializer 'c' holds 3000000000, outside the int32 range/);
    }
  });

  it('a Constant node with an out-of-range int64 value is refused where it is read', async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Constant', inputs: [], outputs: ['k'], name: 'kbig', attrs: { value: A.t({ type: 'int64', dims: [1], values: [-big] }) } },
        { op: 'Mul', inputs: ['x', 'k'], outputs: ['y'], name: 'scale' },
      ],
      inputs: [{ name: 'x', type: 'int64', shape: [1] }],
      outputs: [{ name: 'y', type: 'int64' }],
    });
    await expect(tl.onnx.load(bytes)).rejects.toThrow(/node 'scale' \(Mul\).*Constant node 'kbig' holds -3000000000/);
  });

  it("Slice's huge ends mean 'to the end'; int64 shape math that fits works", async () => {
    const bytes = makeModel({
      nodes: [
        { op: 'Slice', inputs: ['x', 'starts', 'ends', 'axes'], outputs: ['s'] },
        { op: 'Reshape', inputs: ['s', 'shape'], outputs: ['y'] },
      ],
      inputs: [{ name: 'x', type: 'float', shape: [2, 5] }],
      outputs: [{ name: 'y', type: 'float' }],
      initializers: [
        { name: 'starts', type: 'int64', dims: [1], values: [2] },
        { name: 'ends', type: 'int64', dims: [1], values: [Number.MAX_SAFE_INTEGER] },
        { name: 'axes', type: 'int64', dims: [1], values: [1] },
        { name: 'shape', type: 'int64', dims: [1], values: [-1] },
      ],
      opset: 13,
    });
    const m = await tl.onnx.load(bytes);
    const y = m.run({ x: tl.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [2, 5]) }).y!;
    expect(Array.from(y.dataSync() as Float32Array)).toEqual([2, 3, 4, 7, 8, 9]);
  });

  it('an int64 feed outside int32 is an error naming the input; values that fit compute', async () => {
    const bytes = makeModel({
      nodes: [{ op: 'Add', inputs: ['x', 'x'], outputs: ['y'] }],
      inputs: [{ name: 'x', type: 'int64', shape: [2] }],
      outputs: [{ name: 'y', type: 'int64' }],
    });
    const m = await tl.onnx.load(bytes);
    const ok = m.run({ x: tl.tensor(new BigInt64Array([5n, -7n]), [2], 'int64') }).y!;
    expect(Array.from(ok.dataSync() as unknown as BigInt64Array, Number)).toEqual([10, -14]);
    expect(() => m.run({ x: tl.tensor(new BigInt64Array([1n, 1n << 40n]), [2], 'int64') })).toThrow(tl.DTypeError);
    expect(() => m.run({ x: tl.tensor(new BigInt64Array([1n, 1n << 40n]), [2], 'int64') })).toThrow(/input 'x' element 1 is 1099511627776/);
  });
});
