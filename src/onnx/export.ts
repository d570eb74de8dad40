/**
 * tl.onnx.export: writes a tensorlane graph (the part that computes `outputs` from `inputs`) as an ONNX model.
 * Variables are written with their current values in a Session, constants as initializers; each op node
 * becomes ONNX nodes by its handler in export_ops.ts.
 */
import { writeFile, rename } from 'node:fs/promises';
import type { DType, TypedArray } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import { graphOf, nodeOf, type Graph, type GraphNode, type RunContext } from '../graph/graph.js';
import { nodeCalls } from '../graph/op_wrapper.js';
import type { Session } from '../graph/session.js';
import { EXPORTERS, unsupported, type Emitter } from './export_ops.js';
import { MAX_OPSET, MIN_OPSET } from './importer.js';
import { DataType, modelType } from './proto.js';

export interface ExportOptions {
  /** The graph's placeholders, by the names the ONNX inputs get (an array uses the placeholders' names). */
  inputs: Tensor[] | Record<string, Tensor>;
  /** The tensors to compute, by ONNX output name (an array uses the producing nodes' names). */
  outputs: Tensor[] | Record<string, Tensor>;
  /** The session holding the variables' values (required when the outputs read variables). */
  session?: Session;
  /** ONNX opset (default 17). */
  opset?: number;
  /** Write dim 0 of every input and output as the symbolic dim 'batch'. */
  dynamicBatch?: boolean;
  /** Also write the model to this file (atomically: a temp file, then a rename). */
  path?: string;
}

const ELEM: Record<DType, number> = { float32: DataType.FLOAT, float64: DataType.DOUBLE, int32: DataType.INT32, int64: DataType.INT64, bool: DataType.BOOL };

function named(x: Tensor[] | Record<string, Tensor>, what: string): [string, Tensor][] {
  if (Array.isArray(x)) return x.map((t) => [t.name ?? '', t]);
  if (x && typeof x === 'object') return Object.entries(x);
  throw new ArgumentError(`onnx.export: '${what}' must be an array or an object of tensors`);
}

function rawOf(t: Tensor): Uint8Array {
  const d = t.dataSync() as TypedArray;
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
}

export async function exportGraph(graph: Graph, options: ExportOptions): Promise<Uint8Array> {
  checkOptions('onnx.export', options, ['inputs', 'outputs', 'session', 'opset', 'dynamicBatch', 'path']);
  if (!options || !options.inputs || !options.outputs) throw new ArgumentError(`onnx.export: options {inputs, outputs} are required`);
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < Math.max(MIN_OPSET, 11) || opset > MAX_OPSET) throw new ArgumentError(`onnx.export: opset ${opset} is outside 11..${MAX_OPSET}`);
  const inputs = named(options.inputs, 'inputs');
  const outputs = named(options.outputs, 'outputs');
  for (const [n, t] of [...inputs, ...outputs]) {
    if (!(t instanceof Tensor) || !t.graphRef || graphOf(t) !== graph) throw new ArgumentError(`onnx.export: '${n}' is not a tensor of this graph`);
  }
  const names = new Map<Tensor, string>();
  const inputNodes = new Map<GraphNode, string>();
  for (const [n, t] of inputs) {
    if (nodeOf(t).type !== 'Placeholder') throw new ArgumentError(`onnx.export: input '${n}' is not a placeholder`);
    inputNodes.set(nodeOf(t), n);
    names.set(t, n);
  }
  const nodes: Record<string, unknown>[] = [];
  const initializers: Record<string, unknown>[] = [];
  let fresh = 0;
  let current = '';
  const emitter: Emitter = {
    opset,
    value(x, dtype = 'float32') {
      if (x instanceof Tensor) {
        if (x.graphRef) {
          const n = names.get(x);
          if (n === undefined) throw new ArgumentError(`onnx.export: internal: '${x.name}' used before it is produced`);
          return n;
        }
        return constantFrom(x);
      }
      if (typeof x === 'number' || Array.isArray(x)) {
        const vals = (Array.isArray(x) ? x.flat(Infinity) : [x]) as number[];
        const dims = Array.isArray(x) ? [vals.length] : [];
        const name = `const_${fresh++}`;
        initializers.push(tensorProto(name, dtype, dims, vals));
        return name;
      }
      throw new ArgumentError(`onnx.export: node '${current}' has an argument that is not a tensor or number`);
    },
    int64(values, dims) {
      const name = `const_${fresh++}`;
      initializers.push(tensorProto(name, 'int64', dims ?? [values.length], values));
      return name;
    },
    emit(op, ins, attrs = {}, nOut = 1) {
      const outs = Array.from({ length: nOut }, () => `${current}_${op}_${fresh++}`);
      nodes.push({ op_type: op, input: ins, output: outs, name: `${current}/${op}_${fresh++}`, attribute: Object.entries(attrs).map(([k, v]) => attr(k, v)) });
      return outs;
    },
    fail(msg) {
      throw new ArgumentError(`onnx.export: node '${current}': ${msg}`);
    },
  };
  const constantFrom = (t: Tensor): string => {
    const name = `const_${fresh++}`;
    initializers.push({ name, dims: [...t.shape], data_type: ELEM[t.dtype], raw_data: rawOf(t) });
    return name;
  };
  const done = new Set<GraphNode>();
  const visit = (t: Tensor): void => {
    const node = nodeOf(t);
    if (done.has(node)) return;
    done.add(node);
    current = node.name;
    if (node.type === 'Placeholder') {
      if (!inputNodes.has(node)) throw new ArgumentError(`onnx.export: the outputs read placeholder '${node.name}', which is not among the inputs`);
      return;
    }
    if (node.type === 'VariableV2') {
      if (!options.session) throw new ArgumentError(`onnx.export: the outputs read variable '${node.name}': pass the session holding its value`);
      const v = options.session.run(t as Variable) as Tensor;
      initializers.push({ name: node.name, dims: [...v.shape], data_type: ELEM[v.dtype], raw_data: rawOf(v) });
      v.dispose();
      names.set(t, node.name);
      return;
    }
    if (node.type === 'Const' || node.type === 'PlaceholderWithDefault') {
      const [v] = node.run({} as RunContext, []);
      initializers.push({ name: node.name, dims: [...v!.shape], data_type: ELEM[v!.dtype], raw_data: rawOf(v!) });
      names.set(t, node.name);
      return;
    }
    const call = nodeCalls.get(node);
    if (!call) unsupported(node.type, node.name);
    for (const inp of node.inputs) visit(inp);
    current = node.name;
    const handler = EXPORTERS[call.opName];
    if (!handler) unsupported(call.opName, node.name);
    const outs = handler(emitter, call.args, node.outputs.map((o) => o.dtype));
    node.outputs.forEach((o, i) => {
      if (outs[i] === undefined) throw new ArgumentError(`onnx.export: node '${node.name}' (${call.opName}): output ${i} cannot be exported`);
      names.set(o, outs[i]!);
    });
  };
  for (const [, t] of outputs) visit(t);
  // Graph outputs get their requested names through Identity nodes.
  for (const [n, t] of outputs) {
    current = n;
    nodes.push({ op_type: 'Identity', input: [names.get(t)!], output: [n], name: `output/${n}` });
  }
  const dim = (d: number, i: number) => (options.dynamicBatch && i === 0 ? { dim_param: 'batch' } : d < 0 ? { dim_param: `unk_${i}` } : { dim_value: d });
  const info = (n: string, t: Tensor) => ({ name: n, type: { tensor_type: { elem_type: ELEM[t.dtype], shape: { dim: t.shape.map(dim) } } } });
  const T = modelType();
  const bytes = T.encode(T.fromObject({
    ir_version: 8,
    producer_name: 'tensorlane',
    opset_import: [{ domain: '', version: opset }],
    graph: { name: 'tensorlane', node: nodes, initializer: initializers, input: inputs.map(([n, t]) => info(n, t)), output: outputs.map(([n, t]) => info(n, t)) },
  })).finish();
  if (options.path) {
    const tmp = `${options.path}.tmp-${process.pid}`;
    await writeFile(tmp, bytes);
    await rename(tmp, options.path);
  }
  return bytes;
}

function tensorProto(name: string, dtype: DType, dims: number[], values: number[]): Record<string, unknown> {
  let raw: Uint8Array;
  switch (dtype) {
    case 'float64': raw = new Uint8Array(Float64Array.from(values).buffer); break;
    case 'int32': raw = new Uint8Array(Int32Array.from(values).buffer); break;
    case 'int64': raw = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer); break;
    case 'bool': raw = Uint8Array.from(values, (v) => (v ? 1 : 0)); break;
    default: raw = new Uint8Array(Float32Array.from(values).buffer);
  }
  return { name, dims, data_type: ELEM[dtype], raw_data: raw };
}

function attr(name: string, v: number | number[] | string | { f: number }): Record<string, unknown> {
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if (typeof v === 'object') return { name, type: 1, f: v.f };
  return { name, type: 2, i: v };
}
