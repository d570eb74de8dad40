/**
 * The functional graph of a model: the layer calls ("nodes") between its input and output KerasTensors, in
 * topological order, traced back from the outputs through each KerasTensor's history. Shared layers appear in
 * several nodes; a nested model is a node like any layer.
 */
import { ArgumentError } from '../core/errors.js';
import { KerasTensor, type CallArgs, type Layer, type Shape } from '../layers/base_layer.js';
import { InputLayer } from './input.js';

export interface Node {
  layer: Layer;
  inputs: KerasTensor[];
  outputs: KerasTensor[];
  callArgs: CallArgs;
}

export interface Network {
  nodes: Node[];
  /** Distinct layers in first-use order (input layers first). */
  layers: Layer[];
}

/** Traces the nodes from `outputs` back to `inputs`; every path must end at one of the inputs. */
export function traceNetwork(op: string, inputs: KerasTensor[], outputs: KerasTensor[]): Network {
  const nodeOf = new Map<KerasTensor, Node>();
  const nodes: Node[] = [];
  const byCall = new Map<string, Node>();
  const done = new Set<Node>();
  const visiting = new Set<Node>();
  // Outputs of one call share (layer, inputs, callArgs); group them into one node.
  const callKey = (t: KerasTensor) => t.history!;
  const nodeFor = (t: KerasTensor): Node => {
    let n = nodeOf.get(t);
    if (n) return n;
    const h = callKey(t);
    for (const cand of byCall.values()) {
      if (cand.layer === h.layer && cand.callArgs === h.callArgs && cand.inputs.length === h.inputs.length && cand.inputs.every((x, i) => x === h.inputs[i])) {
        n = cand;
        break;
      }
    }
    if (!n) {
      n = { layer: h.layer, inputs: h.inputs, outputs: [], callArgs: h.callArgs };
      byCall.set(String(byCall.size), n);
    }
    n.outputs[h.outputIndex] = t;
    nodeOf.set(t, n);
    return n;
  };
  const inputSet = new Set(inputs);
  const visit = (t: KerasTensor): void => {
    if (!(t instanceof KerasTensor)) throw new ArgumentError(`${op}: model inputs/outputs must be KerasTensors (from tl.keras.Input and layer calls)`);
    if (!t.history) throw new ArgumentError(`${op}: tensor '${t.name}' has no history; build it from tl.keras.Input`);
    const n = nodeFor(t);
    if (done.has(n)) return;
    if (visiting.has(n)) throw new ArgumentError(`${op}: the graph has a cycle at layer '${n.layer.name}'`);
    visiting.add(n);
    if (inputSet.has(t)) {
      if (!(n.layer instanceof InputLayer)) {
        // An intermediate tensor used as a model input: treat it as the model's entry point.
        n.inputs = [];
      }
    } else {
      if (n.layer instanceof InputLayer) {
        throw new ArgumentError(`${op}: output depends on input '${n.layer.name}', which is not among the model's inputs`);
      }
      for (const x of n.inputs) visit(x);
    }
    visiting.delete(n);
    done.add(n);
    nodes.push(n);
  };
  for (const t of inputs) if (!(t instanceof KerasTensor) || !t.history) throw new ArgumentError(`${op}: 'inputs' must be KerasTensors from tl.keras.Input`);
  for (const t of outputs) visit(t);
  for (const t of inputs) if (!nodeOf.has(t)) throw new ArgumentError(`${op}: input '${t.name}' is not connected to the outputs`);
  const layers: Layer[] = [];
  for (const n of nodes) if (!layers.includes(n.layer)) layers.push(n.layer);
  return { nodes, layers };
}

/** Runs `fn(node, inputValues) -> outputValues` over the nodes, starting from the input values. */
export function runNetwork<T>(net: Network, inputs: KerasTensor[], values: T[], fn: (node: Node, ins: T[]) => T[]): Map<KerasTensor, T> {
  const env = new Map<KerasTensor, T>();
  inputs.forEach((k, i) => env.set(k, values[i]!));
  for (const n of net.nodes) {
    if (n.outputs.every((o) => env.has(o))) continue;
    const ins = n.inputs.map((k) => {
      if (!env.has(k)) throw new ArgumentError(`network: missing value for '${k.name}'`);
      return env.get(k)!;
    });
    const outs = fn(n, ins);
    n.outputs.forEach((o, i) => o && env.set(o, outs[i]!));
  }
  return env;
}

/** Output shapes of the network for the given input shapes (each layer's computeOutputShape). */
export function networkOutputShapes(net: Network, inputs: KerasTensor[], outputs: KerasTensor[], shapes: Shape[]): Shape[] {
  const env = runNetwork<Shape>(net, inputs, shapes, (n, ins) => {
    const out = n.layer.computeOutputShape(ins.length === 1 ? ins[0]! : ins);
    return Array.isArray(out[0]) || (out.length === 0 && n.outputs.length > 1) ? (out as Shape[]) : [out as Shape];
  });
  return outputs.map((o) => env.get(o)!);
}
