/**
 * tl.onnx.export: writes a tensorlane graph (the part that computes `outputs` from `inputs`) as an ONNX model.
 * Variables are written with their current values in a Session, constants as initializers; each op node
 * becomes ONNX nodes by its handler: export_ops.ts (the basic table), export_layer_ops.ts, export_rnn_ops.ts,
 * export_math_ops.ts, export_index_ops.ts and export_nn_ops.ts. Ops that stay refused say why (REFUSED).
 */
import { writeFile, rename } from 'node:fs/promises';
import type { DType, TypedArray } from '../core/dtype.js';
import { ArgumentError, TensorlaneError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import { graphOf, nodeOf, type Graph, type GraphNode, type RunContext } from '../graph/graph.js';
import { nodeCalls } from '../graph/op_wrapper.js';
import type { Session } from '../graph/session.js';
import { LAYER_EXPORTERS } from './export_layer_ops.js';
import { EXPORTERS as BASIC_EXPORTERS, type AttrValue, type Emitter, type ExportHandler } from './export_ops.js';
import { RNN_EXPORTERS } from './export_rnn_ops.js';
import { MATH_EXPORTERS } from './export_math_ops.js';
import { INDEX_EXPORTERS } from './export_index_ops.js';
import { NN_EXPORTERS } from './export_nn_ops.js';
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

/** Every op the exporter handles, by the public op's name (graph nodes record it). */
export const EXPORTERS: Record<string, ExportHandler> = {
  ...BASIC_EXPORTERS, ...LAYER_EXPORTERS, ...RNN_EXPORTERS, ...MATH_EXPORTERS, ...INDEX_EXPORTERS, ...NN_EXPORTERS,
};

/** The names of the ops tl.onnx.export can write. */
export function exportableOps(): string[] {
  return Object.keys(EXPORTERS).sort();
}

const RANDOM = 'draws new random values at every run; ONNX export writes the deterministic inference graph, so feed such values as an input instead';
const GRADIENT = 'is a gradient kernel of the training graph; export the inference graph (the outputs you predict with)';
/** Ops that stay refused, and why (an op missing here and from EXPORTERS is simply not supported). */
export const REFUSED: Record<string, string> = {
  randomNormal: RANDOM, truncatedNormal: RANDOM, randomUniform: RANDOM, randomShuffle: RANDOM, randomCrop: RANDOM, multinomial: RANDOM,
  matrixInverse: 'has no operator in the ONNX default domain',
  avgPoolGrad: GRADIENT, maxPoolGrad: GRADIENT, avgPool3dGrad: GRADIENT, maxPool3dGrad: GRADIENT, lrnGrad: GRADIENT,
  conv2dBackpropInput: `${GRADIENT} (for a transposed convolution use conv2dTranspose)`, conv2dBackpropFilter: GRADIENT,
  conv3dBackpropInput: `${GRADIENT} (for a transposed convolution use conv3dTranspose)`, conv3dBackpropFilter: GRADIENT,
};

function unsupported(op: string, node: string): never {
  const why = Object.hasOwn(REFUSED, op) ? REFUSED[op] : undefined;
  if (why) throw new ArgumentError(`onnx.export: node '${node}' is op '${op}', which cannot be exported: it ${why}`);
  throw new ArgumentError(`onnx.export: node '${node}' is op '${op}', which the exporter does not support (supported: ${exportableOps().join(', ')})`);
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

/** Internal: who built a node (a keras layer), for errors that name the layer instead of the graph node. */
export interface ExportHooks {
  ownerOf?(node: GraphNode): string | undefined;
}

export async function exportGraph(graph: Graph, options: ExportOptions, hooks: ExportHooks = {}): Promise<Uint8Array> {
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
  // Outputs a handler could not give (e.g. an LSTM's cell-state sequence): an error only when something reads them.
  const unavailable = new Map<Tensor, string>();
  const constants = new Map<Tensor, string>();
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
          const why = unavailable.get(x);
          if (why !== undefined) throw new ArgumentError(`onnx.export: node '${current}' reads an output of '${nodeOf(x).name}' that cannot be exported: ${why}`);
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
    const known = constants.get(t);
    if (known !== undefined) return known;
    const name = `const_${fresh++}`;
    initializers.push({ name, dims: [...t.shape], data_type: ELEM[t.dtype], raw_data: rawOf(t) });
    constants.set(t, name);
    return name;
  };
  // An error in a node a keras layer built names the layer (and keeps its class: ArgumentError, ShapeError...).
  const owned = <T>(node: GraphNode, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      const owner = hooks.ownerOf?.(node);
      if (!owner || !(e instanceof TensorlaneError)) throw e;
      const E = e.constructor as new (m: string) => Error;
      throw new E(`onnx.export: layer ${owner} cannot be exported: ${e.message.replace(/^onnx\.export: /, '')}`);
    }
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
    for (const inp of node.inputs) visit(inp);
    current = node.name;
    const outs = owned(node, () => {
      if (!call) unsupported(node.type, node.name);
      const handler = EXPORTERS[call.opName];
      if (!handler) unsupported(call.opName, node.name);
      return handler(emitter, call.args, node.outputs.map((o) => o.dtype), node.outputs);
    });
    node.outputs.forEach((o, i) => {
      const out = outs[i];
      if (typeof out === 'string') names.set(o, out);
      else unavailable.set(o, out?.unavailable ?? `output ${i} of ${call?.opName} has no ONNX form`);
    });
  };
  for (const [, t] of outputs) visit(t);
  // Graph outputs get their requested names through Identity nodes.
  for (const [n, t] of outputs) {
    current = n;
    nodes.push({ op_type: 'Identity', input: [emitter.value(t)], output: [n], name: `output/${n}` });
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

function attr(name: string, v: AttrValue): Record<string, unknown> {
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if (Array.isArray(v) && v.some((x) => typeof x === 'string')) return { name, type: 8, strings: (v as string[]).map((x) => new TextEncoder().encode(x)) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if (typeof v === 'object' && 'floats' in v) return { name, type: 6, floats: v.floats };
  if (typeof v === 'object') return { name, type: 1, f: v.f };
  return { name, type: 2, i: v };
}
