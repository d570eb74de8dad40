/**
 * A tensorlane Graph as a TensorFlow GraphDef, for TensorBoard's graph dashboard: node names keep their name
 * scopes ('layer1/MatMul', drawn as collapsible groups), `op` is the node type, inputs name the producing
 * node ('x', 'split:1', '^init' for a control input), and attrs carry the output dtypes and shapes
 * (`_output_shapes`, which TensorBoard prints on the edges) plus the node's simple attributes.
 */
import { isDType, type DType } from '../core/dtype.js';
import type { Graph, GraphNode } from '../graph/graph.js';
import { encodeMessage, tbTypes } from './proto.js';

const DT: Record<DType, string> = { float32: 'DT_FLOAT', float64: 'DT_DOUBLE', int32: 'DT_INT32', int64: 'DT_INT64', bool: 'DT_BOOL' };

const DEVICE: Record<string, string> = { native: '/device:CPU:0', cuda: '/device:GPU:0', wasm: '/device:CPU:0', js: '/device:CPU:0' };

/** Graph producer version written in GraphDef.versions (TF 1.15's). */
const PRODUCER = 134;

function shapeProto(shape: readonly number[]): Record<string, unknown> {
  return { dim: shape.map((size) => ({ size })) };
}

/** A node attribute as an AttrValue, or undefined for values TensorBoard could not show. */
function attrValue(key: string, v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'boolean') return { b: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { i: v } : { f: v };
  if (typeof v === 'string') return isDType(v) ? { type: DT[v] } : { s: new TextEncoder().encode(v) };
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) {
    if (key === 'shape') return { shape: shapeProto(v) };
    return v.every((x) => Number.isInteger(x)) ? { list: { i: v } } : { list: { f: v } };
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { list: { s: v.map((x: string) => new TextEncoder().encode(x)) } };
  return undefined;
}

/** The NodeDef of one node (a plain object, protobufjs field names). */
export function nodeDefOf(node: GraphNode): Record<string, unknown> {
  const attr: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node.attrs)) {
    const a = attrValue(k, v);
    if (a) attr[k] = a;
  }
  if (node.outputs.length > 0) {
    const first = node.outputs[0]!.dtype;
    // 'dtype' for sources (placeholders, variables, constants), 'T' for ops, as TF names them.
    const key = node.inputs.length === 0 ? 'dtype' : 'T';
    if (!(key in attr)) attr[key] = { type: DT[first] };
    attr._output_shapes = { list: { shape: node.outputs.map((o) => shapeProto(o.shape)) } };
  }
  return {
    name: node.name,
    op: node.type,
    input: [...node.inputs.map((t) => t.name), ...node.controlInputs.map((c) => `^${c.name}`)],
    device: node.device ? DEVICE[node.device] ?? '' : '',
    attr,
  };
}

/** The GraphDef of a graph, as a plain object. */
export function graphDefOf(graph: Graph): Record<string, unknown> {
  return { node: graph.nodes.map(nodeDefOf), versions: { producer: PRODUCER } };
}

/** The serialized GraphDef of a graph. */
export function encodeGraphDef(graph: Graph): Uint8Array {
  return encodeMessage(tbTypes().GraphDef, graphDefOf(graph));
}
