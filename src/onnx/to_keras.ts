/**
 * tl.onnx.toKeras: an ONNX model as a functional tl.keras Model — tl.keras.Input plus ordinary layers (Dense,
 * Conv2D, BatchNormalization, ...) whose weights are the model's initializers — so it can be fit, evaluated,
 * summarized and saved with model.save(dir) like any Keras model. It is a translation, not a wrapper: each
 * node (or pattern of nodes) becomes the layer computing the same thing.
 *
 * The model is read by the importer's own decoder, and one importer build (never run) gives every value's
 * static shape and folds every node on constants alone (weight transposes, Reshape shape arithmetic); the
 * nodes that compute on the inputs are then tidied (to_keras_graph.ts), planned as layers with their weights
 * (to_keras_plan.ts, to_keras_ops.ts) — where any node without a layer is refused, naming it — and only then
 * are the layers built and their weights set.
 */
import type { DType } from '../core/dtype.js';
import { ArgumentError, FileFormatError, ShapeError, TensorlaneError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import * as g from '../graph/graph_ops.generated.js';
import { Input } from '../keras/input.js';
import { Model } from '../keras/model.js';
import type { KerasTensor, Layer } from '../layers/base_layer.js';
import { GraphBuilder, describeValue, opsetOf, type ValueDesc } from './importer.js';
import { OnnxModel } from './model.js';
import { decodeModel, decodeTensor, type DecodeContext, type ModelObj, type TensorProtoObj } from './model_proto.js';
import { OpContext } from './op_context.js';
import { OPS } from './ops/registry.js';
import { DataType } from './proto.js';
import { readSource, sourceOf, type LoadedSource } from './source.js';
import { KGraph, liveNodesInOrder, readsOf, type KNode } from './to_keras_graph.js';
import { HANDLERS, kerasMappableOps } from './to_keras_ops.js';
import { Planner } from './to_keras_plan.js';

export interface ToKerasOptions {
  /** The Model's name (default: the ONNX graph's name, else 'onnx_model'). */
  name?: string;
}

export { kerasMappableOps };

/** Converts an ONNX model (a path, its bytes, or a model tl.onnx.load returned) to a tl.keras Model. */
export async function toKeras(source: OnnxModel | string | Uint8Array | ArrayBuffer, options: ToKerasOptions = {}): Promise<Model> {
  checkOptions('onnx.toKeras', options, ['name']);
  if (options.name !== undefined && (typeof options.name !== 'string' || !validLayerName(options.name))) {
    throw new ArgumentError(`onnx.toKeras: 'name' must be a non-empty name not starting or ending with '/', got ${JSON.stringify(options.name)}`);
  }
  try {
    let src: LoadedSource;
    if (source instanceof OnnxModel) {
      const known = sourceOf(source);
      if (!known) throw new ArgumentError('onnx.toKeras: this OnnxModel was not made by tl.onnx.load; pass the model file or its bytes');
      src = withCurrentWeights(known);
    } else {
      const { bytes, file, baseDir } = await readSource(source, 'onnx.toKeras');
      src = { model: decodeModel(bytes, file), file, baseDir };
    }
    return convert(src.model, { file: src.file, baseDir: src.baseDir }, options);
  } catch (e) {
    // The decoder and the importer name themselves 'onnx.load'; here they work for toKeras.
    if (e instanceof TensorlaneError && e.message.startsWith('onnx.load: ')) e.message = `onnx.toKeras: ${e.message.slice('onnx.load: '.length)}`;
    throw e;
  }
}

/** A model loaded with {trainable: true} converts with its Variables' current (maybe fine-tuned) values. */
function withCurrentWeights(src: LoadedSource): LoadedSource {
  const gp = src.model.graph!;
  if (!src.initializer || !src.session) return src;
  const initializer = (gp.initializer ?? []).map((init): TensorProtoObj => {
    const v = src.initializer!(init.name ?? '');
    if (!(v instanceof Variable) || !v.isSymbolic) return init;
    const t = src.session!.run(v) as Tensor;
    const data = t.dataSync() as Float32Array | Float64Array;
    t.dispose();
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return { name: init.name, dims: [...v.shape], data_type: data instanceof Float64Array ? DataType.DOUBLE : DataType.FLOAT, raw_data: raw };
  });
  return { ...src, model: { ...src.model, graph: { ...gp, initializer } } };
}

const validLayerName = (s: string) => s !== '' && !s.startsWith('/') && !s.endsWith('/');

/** Float inputs only: the layers compute in float32 or float64. */
const INPUT_DTYPES: Record<string, DType> = { float: 'float32', float16: 'float32', bfloat16: 'float32', double: 'float64' };

function convert(model: ModelObj, dctx: DecodeContext, options: ToKerasOptions): Model {
  const { file } = dctx;
  const opset = opsetOf(model, file);
  const gp = model.graph!;
  const live = liveNodesInOrder(gp, file);
  const where = (n: { name?: string }, i: number, op: string) => `onnx.toKeras: node '${n.name || `#${i}`}' (${op})`;
  for (const { node, index } of live) {
    const op = node.op_type ?? '';
    if (node.domain && node.domain !== 'ai.onnx') throw new ArgumentError(`${where(node, index, op)}: operators of domain '${node.domain}' are not supported`);
    if (!OPS[op] && !HANDLERS[op]) throw new ArgumentError(`${where(node, index, op)}: not supported; layers exist for ${kerasMappableOps().join(', ')}`);
  }
  const initNames = new Set((gp.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (gp.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(describeValue);
  const batches = new Set<number | null>();
  for (const v of inputs) {
    if (!INPUT_DTYPES[v.dtype]) throw new ArgumentError(`onnx.toKeras: input '${v.name}' is ${v.dtype}; only float inputs map to tl.keras inputs`);
    if (!v.shape || v.shape.length < 1) throw new ArgumentError(`onnx.toKeras: input '${v.name}' has ${v.shape ? 'rank 0' : 'no declared shape'}; a Keras input needs [batch, ...] with the rank known`);
    batches.add(typeof v.shape[0] === 'number' ? v.shape[0] : null);
  }
  const fixedBatch = batches.size === 1 ? [...batches][0]! : null;

  // The nodes that compute on the inputs (the rest fold to constants): each must map to a layer.
  const dynamic = new Set(inputs.map((v) => v.name));
  for (const { node, index } of live) {
    if (!readsOf(node).some((r) => dynamic.has(r))) continue;
    const op = node.op_type ?? '';
    if (!HANDLERS[op]) throw new ArgumentError(`${where(node, index, op)}: computes on the model's inputs and no tl.keras layer does what it does; layers exist for ${kerasMappableOps().join(', ')}`);
    for (const o of node.output ?? []) if (o !== '') dynamic.add(o);
  }

  const pruned: ModelObj = { ...model, graph: { ...gp, node: live.map((l) => l.node) } };
  const builder = new GraphBuilder(pruned, opset, dctx, false);
  const graph = new KGraph();
  try {
    const { values, probed } = shapesOf(builder, inputs);
    for (const [name, t] of values) {
      const isDynamic = dynamic.has(name);
      const shape = [...t.shape];
      if (probed && isDynamic && shape.length > 0) shape[0] = -1;
      graph.values.set(name, { shape, dtype: t.dtype, constant: isDynamic || t.isSymbolic ? null : t });
    }
    for (const { node, index } of live) {
      const op = node.op_type ?? '';
      const outs = node.output ?? [];
      if (!outs.some((o) => dynamic.has(o))) continue; // folded: computed from constants alone
      const ins = (node.input ?? []).map((name) => (name === '' ? null : values.get(name) ?? null));
      const ctx = new OpContext(op, node.name || `#${index}`, opset, ins, node.attribute ?? [], outs.length, (t) => decodeTensor(t, dctx));
      const kn: KNode = { op, label: node.name || `#${index}`, inputs: [...(node.input ?? [])], outputs: [...outs], ctx };
      if (op === 'Transpose') kn.perm = ctx.ints('perm') ?? Array.from({ length: ins[0]!.rank }, (_, i) => ins[0]!.rank - 1 - i);
      graph.nodes.push(kn);
    }
    graph.inputs.push(...inputs.map((v) => v.name));
    for (const o of gp.output ?? []) {
      const name = o.name ?? '';
      if (!dynamic.has(name)) throw new ArgumentError(`onnx.toKeras: output '${name}' does not depend on the model's inputs; a Keras model's outputs come from layers`);
      graph.outputs.push({ name, value: name });
    }
    graph.simplify();
    const planner = new Planner(graph, opset, fixedBatch);
    for (const n of graph.nodes) {
      if (planner.isConsumed(n)) continue;
      try {
        HANDLERS[n.op]!(planner, n);
      } catch (e) {
        // Attribute errors from the importer's helpers ('onnx Conv node ...') get toKeras' prefix.
        if (e instanceof TensorlaneError && e.message.startsWith('onnx ')) e.message = `onnx.toKeras: ${e.message.slice(5)}`;
        throw e;
      }
    }
    return build(graph, planner, inputs, options.name ?? (gp.name && validLayerName(gp.name) ? gp.name : 'onnx_model'));
  } finally {
    graph.dispose();
    builder.dispose();
  }
}

/**
 * Every value of one importer build (never run): static shapes, and constants folded. A build with the declared
 * shapes can fail where an importer translation needs a size a dynamic batch leaves open; the inputs are then
 * given batch 1 (`probed`), which only fixes the batch of the activations' shapes.
 */
function shapesOf(builder: GraphBuilder, inputs: ValueDesc[]): { values: Map<string, Tensor>; probed: boolean } {
  try {
    return { values: builder.build().values, probed: false };
  } catch (e) {
    if (e instanceof FileFormatError || !inputs.some((v) => typeof v.shape![0] !== 'number')) throw e;
    const probe = Object.fromEntries(inputs.map((v) => [v.name, v.shape!.map((d, i) => (i === 0 ? 1 : typeof d === 'number' ? d : null))]));
    try {
      return { values: builder.build(probe).values, probed: true };
    } catch {
      throw e;
    }
  }
}

/** Builds the planned layers on tl.keras.Input tensors, sets their weights and checks each output's shape. */
function build(graph: KGraph, planner: Planner, inputs: ValueDesc[], name: string): Model {
  const resolve = (v: string) => {
    let r = v;
    while (planner.aliases.has(r)) r = planner.aliases.get(r)!;
    return r;
  };
  const read = new Set(planner.plans.flatMap((p) => p.inputs.map(resolve)));
  for (const v of inputs) {
    if (!read.has(v.name)) throw new ArgumentError(`onnx.toKeras: input '${v.name}' is not used by any output; a Keras model's inputs must all be used`);
  }
  for (const o of graph.outputs) {
    if (inputs.some((v) => v.name === resolve(o.value))) throw new ArgumentError(`onnx.toKeras: output '${o.name}' is an input passed through unchanged; a Keras model's outputs come from layers`);
  }
  const tensors = new Map<string, KerasTensor>();
  const modelInputs = inputs.map((v) => {
    const shape = v.shape!.slice(1).map((d) => (typeof d === 'number' ? d : null));
    const t = Input({ shape, dtype: INPUT_DTYPES[v.dtype]!, ...(validLayerName(v.name) ? { name: v.name } : {}) });
    tensors.set(v.name, t);
    return t;
  });
  const layers: Layer[] = [];
  try {
    for (const plan of planner.plans) {
      const ins = plan.inputs.map((v) => {
        const t = tensors.get(resolve(v));
        if (!t) throw new ArgumentError(`onnx.toKeras: node '${plan.label}' reads '${v}', which no layer computes`);
        return t;
      });
      const layer: Layer = plan.make();
      layers.push(layer);
      const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as KerasTensor;
      checkShape(plan.label, layer, out.shape, graph.value(plan.output).shape);
      if (plan.weights) setWeights(layer, plan.weights);
      tensors.set(plan.output, out);
    }
    const outputs = graph.outputs.map((o) => {
      const t = tensors.get(resolve(o.value));
      if (!t) throw new ArgumentError(`onnx.toKeras: output '${o.name}' is computed by no layer`);
      return t;
    });
    return new Model({ inputs: modelInputs, outputs, name });
  } catch (e) {
    for (const l of layers) l.dispose(); // their weights, made before the failure
    throw e;
  }
}

/** The layer's output shape must be ONNX's (the batch aside): a mismatch is a conversion bug, never silent. */
function checkShape(label: string, layer: Layer, keras: (number | null)[], onnx: number[]): void {
  const ok = keras.length === onnx.length && keras.every((d, i) => i === 0 || d === null || onnx[i]! < 0 || d === onnx[i]);
  if (!ok) {
    const cls = (layer.constructor as { className?: string }).className ?? layer.constructor.name;
    throw new ShapeError(`onnx.toKeras: node '${label}': the ${cls} layer gives shape [${keras.map((d) => d ?? '?')}] where ONNX computes [${onnx.map((d) => (d < 0 ? '?' : d))}] (a conversion bug: please report it)`);
  }
}

function setWeights(layer: Layer, values: Tensor[]): void {
  const ws = layer.weights;
  const cast = values.map((t, i) => (ws[i] && ws[i]!.dtype !== t.dtype ? g.cast(t, ws[i]!.dtype) : t));
  try {
    layer.setWeights(cast);
  } finally {
    cast.forEach((t, i) => t !== values[i] && t.dispose());
  }
}
