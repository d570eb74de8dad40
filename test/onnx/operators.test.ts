/**
 * Every operator case (op_cases.ts) imported by tl.onnx and run by onnxruntime-node on the same model and
 * inputs, compared to 1e-5. Each case runs twice: with its data inputs fed to placeholders (graph nodes), and
 * with every input an initializer (the whole node folds to a constant at load).
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { describeEachBackend, randValues } from '../util/index.js';
import { CASES, type OpCase, type InputSpec } from './op_cases.js';
import { makeModel, runOrt, type ElemType, type FeedSpec, type TensorSpec, type ValueSpec } from './make_model.js';

function valuesOf(inp: InputSpec, seed: number): number[] {
  if (inp.values) return inp.values;
  const n = inp.dims.reduce((a, b) => a * b, 1);
  return Array.from(randValues(n, seed, inp.lo ?? -1, inp.hi ?? 1), (v) => (inp.type === 'int32' || inp.type === 'int64' ? Math.round(v * 5) : v));
}

function feedTensor(f: FeedSpec): tl.Tensor {
  switch (f.type) {
    case 'int64': return tl.tensor(BigInt64Array.from(f.values.map((v) => BigInt(v))), f.dims, 'int64');
    case 'int32': case 'uint8': case 'int8': return tl.tensor(Int32Array.from(f.values), f.dims, 'int32');
    case 'bool': return tl.tensor(f.values.map((v) => v !== 0), f.dims, 'bool');
    case 'double': return tl.tensor(Float64Array.from(f.values), f.dims, 'float64');
    default: return tl.tensor(Float32Array.from(f.values), f.dims, 'float32');
  }
}

function build(c: OpCase, fold: boolean) {
  const names = c.inputs.map((inp, i) => (inp.absent ? '' : `in${i}`));
  const nOut = c.outputs ?? 1;
  const outNames = Array.from({ length: nOut }, (_, i) => `y${i}`);
  const feeds: Record<string, FeedSpec> = {};
  const initializers: TensorSpec[] = [];
  const graphInputs: ValueSpec[] = [];
  c.inputs.forEach((inp, i) => {
    if (inp.absent) return;
    const spec = { type: (inp.type ?? 'float') as ElemType, dims: inp.dims, values: valuesOf(inp, i * 7919 + c.name.length) };
    if (inp.init || fold) initializers.push({ name: names[i]!, ...spec });
    else {
      graphInputs.push({ name: names[i]!, type: spec.type, shape: inp.dims });
      feeds[names[i]!] = spec;
    }
  });
  const firstType = (c.inputs[0]?.type ?? 'float') as ElemType;
  const bytes = makeModel({
    nodes: [{ op: c.op, inputs: names, outputs: outNames, attrs: c.attrs }],
    inputs: graphInputs,
    outputs: outNames.map((n, i) => ({ name: n, type: c.outTypes?.[i] ?? firstType })),
    initializers,
    opset: c.opset ?? 17,
  });
  return { bytes, feeds, outNames };
}

/** onnxruntime's results, computed once per case and mode (every backend compares with them). */
const refs = new Map<string, ReturnType<typeof runOrt>>();
function reference(key: string, bytes: Uint8Array, feeds: Record<string, FeedSpec>) {
  if (!refs.has(key)) refs.set(key, runOrt(bytes, feeds));
  return refs.get(key)!;
}

describeEachBackend('onnx operators vs onnxruntime-node', (backend) => {
  for (const c of CASES) {
    for (const fold of [false, true]) {
      it(`${c.name}${fold ? ' (folded at load)' : ''}`, async () => {
        const { bytes, feeds, outNames } = build(c, fold);
        const ref = await reference(`${c.name}|${fold}`, bytes, feeds);
        const model = await tl.onnx.load(bytes, { backend });
        const tensors = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, feedTensor(v)]));
        const got = model.run(tensors);
        for (const n of outNames) {
          const r = ref[n]!, t = got[n]!;
          expect(t.shape, `${n} shape`).toEqual(r.dims);
          const a = Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);
          a.forEach((v, i) => {
            const e = r.values[i]!;
            if (!(Math.abs(v - e) <= (c.atol ?? 1e-5) + 1e-5 * Math.abs(e))) expect.fail(`${n}[${i}] = ${v}, onnxruntime ${e}`);
          });
          t.dispose();
        }
        Object.values(tensors).forEach((t) => t.dispose());
      });
    }
  }
});

describe('onnx operator table', () => {
  it(`covers ${CASES.length} operator/attribute cases of ${new Set(CASES.map((c) => c.op)).size} operators`, () => {
    expect(CASES.length).toBeGreaterThan(200);
  });
});
