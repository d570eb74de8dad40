/**
 * tl.onnx.export for tl.keras models (Sequential, functional, nested): the model is traced in inference mode
 * (training: false, so Dropout is the identity and BatchNormalization uses its moving statistics) into a graph
 * from one placeholder per model input, and that graph is exported by exportGraph with the weights' current
 * values. Each layer is applied on its own (nested models are walked), so the graph nodes each layer built are
 * known and an op without an ONNX form is reported naming the layer (e.g. a Lambda calling such an op).
 */
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { Graph, type GraphNode } from '../graph/graph.js';
import { placeholder } from '../graph/placeholder.js';
import type { Session } from '../graph/session.js';
import { getDefaultSession } from '../graph/session_registry.js';
import { InputLayer } from '../keras/input.js';
import { Model } from '../keras/model.js';
import { runNetwork, traceNetwork } from '../keras/network.js';
import type { KerasTensor } from '../layers/base_layer.js';
import { exportGraph } from './export.js';

export interface KerasExportOptions {
  /** ONNX opset (default 17). */
  opset?: number;
  /** Write dim 0 of every input and output as the symbolic dim 'batch'. */
  dynamicBatch?: boolean;
  /** Also write the model to this file (atomically). */
  path?: string;
  /** For a model whose weights are graph Variables: the session holding them (default: the default session). */
  session?: Session;
}

/** Applies `model` to `xs` layer by layer (recursing into nested models), recording each node's layer. */
function applyTraced(model: Model, xs: Tensor[], graph: Graph, owners: Map<GraphNode, string>): Tensor[] {
  const net = traceNetwork(`onnx.export('${model.name}')`, model.inputs, model.outputs);
  const env = runNetwork<Tensor>(net, model.inputs, xs, (n, ins) => {
    if (n.layer instanceof InputLayer) return ins;
    if (n.layer instanceof Model) return applyTraced(n.layer, ins, graph, owners);
    const before = graph.nodes.length;
    const out = n.layer.apply(ins.length === 1 ? ins[0]! : ins, { ...n.callArgs, training: false }) as Tensor | Tensor[];
    const label = `'${n.layer.name}' (${(n.layer.constructor as { className?: string }).className ?? n.layer.constructor.name})`;
    for (const node of graph.nodes.slice(before)) owners.set(node, label);
    return Array.isArray(out) ? out : [out];
  });
  return model.outputs.map((o: KerasTensor) => env.get(o)!);
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n}_${k}`;
  });
}

export async function exportKerasModel(model: Model, options: KerasExportOptions = {}): Promise<Uint8Array> {
  checkOptions('onnx.export', options, ['opset', 'dynamicBatch', 'path', 'session']);
  if (model.inputs.length === 0) throw new ArgumentError(`onnx.export: model '${model.name}' has no input shape yet (give the first layer an inputShape, or call the model once)`);
  const weights = model.weights;
  const symbolic = weights.length > 0 && weights[0]!.isSymbolic;
  let graph: Graph;
  let session: Session | undefined;
  if (symbolic) {
    graph = weights[0]!.graphRef!.graph as Graph;
    session = options.session ?? getDefaultSession(`onnx.export('${model.name}')`);
    if (session.graph !== graph) throw new ArgumentError(`onnx.export: model '${model.name}' has graph Variables; pass {session} holding their values (the default session runs another graph)`);
  } else {
    graph = new Graph(); // eager weights become initializers with their current values
  }
  const owners = new Map<GraphNode, string>();
  const { xs, ys } = graph.asDefault(() => {
    const xs = model.inputs.map((k) => placeholder(k.dtype, k.shape));
    return { xs, ys: applyTraced(model, xs, graph, owners) };
  });
  const inNames = uniqueNames(model.inputNames);
  const outNames = uniqueNames(model.outputNames);
  return exportGraph(graph, {
    inputs: Object.fromEntries(xs.map((x, i) => [inNames[i]!, x])),
    outputs: Object.fromEntries(ys.map((y, i) => [outNames[i]!, y])),
    ...(session ? { session } : {}),
    ...(options.opset !== undefined ? { opset: options.opset } : {}),
    ...(options.dynamicBatch !== undefined ? { dynamicBatch: options.dynamicBatch } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  }, { ownerOf: (node) => owners.get(node) });
}
