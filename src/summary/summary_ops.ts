/**
 * TF 1.x summary ops: `tl.summary.scalar/histogram/image/audio/text` add a summary node to the graph of their
 * input (or the default graph in graph mode) and join the SUMMARIES collection; `merge` / `mergeAll` combine
 * them. A Session run of a summary gives the serialized `tensorflow.Summary` as a rank-1 int32 tensor of its
 * bytes (tensorlane has no string dtype; 0..255 per element), which `FileWriter.addSummary` takes as it is.
 * With concrete input outside graph mode a summary is computed at once and returns the same kind of tensor.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { GraphKeys, getDefaultGraph, graphOf, inGraphMode, type Graph } from '../graph/graph.js';
import { captureConcrete } from '../graph/op_wrapper.js';
import { checkOptions } from '../core/shape.js';
import { decodeMessage, tbTypes } from './proto.js';
import {
  audioValues, checkMaxOutputs, checkSampleRate, cleanTag, encodeSummary, histogramValue, imageValues, scalarValue, textValue,
  type SummaryValue,
} from './summary_values.js';

export interface SummaryOptions {
  /** Prefix of the tag and of the node's name scope (TensorBoard's tab). */
  family?: string;
  /** Collections the summary joins (default [GraphKeys.SUMMARIES]). */
  collections?: string[];
}

export interface ImageSummaryOptions extends SummaryOptions {
  /** Most images written per batch (default 3). */
  maxOutputs?: number;
}

export interface AudioSummaryOptions extends ImageSummaryOptions {
  /** Samples per second (Hz). */
  sampleRate?: number;
}

const SUMMARY_KEYS = ['family', 'collections'];

/** A rank-1 int32 tensor holding bytes (one per element). */
export function bytesTensor(bytes: Uint8Array): Tensor {
  return ENGINE.makeTensor(Int32Array.from(bytes), [bytes.length], 'int32');
}

/** The bytes of a serialized summary given as a bytes tensor (a summary op's result) or as bytes. */
export function summaryBytes(x: Tensor | Uint8Array, where = 'summaryBytes'): Uint8Array {
  if (x instanceof Uint8Array) return x;
  if (!(x instanceof Tensor)) throw new ArgumentError(`${where}: expected the result of a summary op (a tensor) or bytes (Uint8Array), got ${typeof x}`);
  if (x.isSymbolic) throw new ArgumentError(`${where}: '${x.name}' is symbolic; evaluate it first (sess.run(summary))`);
  if (x.dtype !== 'int32' || x.shape.length !== 1) {
    throw new DTypeError(`${where}: a serialized summary is a rank-1 int32 tensor of bytes, got ${x.dtype}${fmtShape(x.shape)}`);
  }
  const data = x.dataSync<Int32Array>();
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b < 0 || b > 255) throw new ArgumentError(`${where}: element ${i} is ${b}, not a byte: this tensor is not a serialized summary`);
    out[i] = b;
  }
  return out;
}

/**
 * Adds (or, eagerly, computes) one summary. `make(tag, inputs)` builds its values from concrete inputs; `tensors`
 * are the inputs (symbolic or concrete).
 */
function summaryNode(
  where: string, type: string, name: string, opts: SummaryOptions, tensors: Tensor[],
  make: (tag: string, inputs: Tensor[]) => SummaryValue[],
): Tensor {
  const family = opts.family === undefined ? undefined : cleanTag(opts.family, where);
  const base = family ? `${family}/${cleanTag(name, where)}` : cleanTag(name, where);
  const symbolic = tensors.filter((t) => t.graphRef);
  if (symbolic.length === 0 && !inGraphMode()) {
    // Eager: the tag is the name as written (no graph, so no name scope or uniquifying).
    return bytesTensor(encodeSummary(make(family ? `${family}/${base}` : base, tensors)));
  }
  const graph: Graph = symbolic.length > 0 ? graphOf(symbolic[0]!) : getDefaultGraph();
  const captured = captureConcrete(tensors);
  let tag = '';
  const node = graph.addNode({
    type,
    name: base,
    inputs: symbolic,
    outputs: [{ shape: [-1], dtype: 'int32' }],
    run: (_ctx, values) => {
      const concrete = captured.map((t) => (t.graphRef ? values[symbolic.indexOf(t)]! : t));
      return [bytesTensor(encodeSummary(make(tag, concrete)))];
    },
  });
  // TF 1.x: the tag is the node's scoped, uniquified name, with the family once more in front.
  tag = family ? `${family}/${node.name}` : node.name;
  node.attrs.tag = tag;
  const out = node.outputs[0]!;
  for (const key of opts.collections ?? [GraphKeys.SUMMARIES]) graph.addToCollection(key, out);
  return out;
}

function asTensor(x: TensorLike, where: string): Tensor {
  return convertToTensor(x, 'tensor', where);
}

/** A scalar summary (TensorBoard's scalars dashboard). `tensor` must have shape []. */
export function scalar(name: string, tensor: TensorLike, opts: SummaryOptions = {}): Tensor {
  checkOptions('summary.scalar', opts, SUMMARY_KEYS);
  return eagerScope(() => {
    const t = asTensor(tensor, 'summary.scalar');
    // Static shapes are checked when the node is built, as TF's shape inference does.
    if (t.shape.length !== 0) throw new ShapeError(`summary.scalar: '${name}' must be a scalar (shape []), got shape ${fmtShape(t.shape)}`);
    return summaryNode('summary.scalar', 'ScalarSummary', name, opts, [t], (tag, [v]) => [scalarValue(tag, v!)]);
  });
}

/** A histogram of all of the tensor's values, over TF's default buckets. */
export function histogram(name: string, values: TensorLike, opts: SummaryOptions = {}): Tensor {
  checkOptions('summary.histogram', opts, SUMMARY_KEYS);
  return eagerScope(() => summaryNode('summary.histogram', 'HistogramSummary', name, opts, [asTensor(values, 'summary.histogram')], (tag, [t]) => [histogramValue(tag, t!)]));
}

/**
 * Images of a [batch, height, width, channels] tensor (1, 3 or 4 channels) as PNG. Float images are scaled per
 * image (see floatImageToBytes); int32 values are taken as bytes.
 */
export function image(name: string, tensor: TensorLike, opts: ImageSummaryOptions = {}): Tensor {
  checkOptions('summary.image', opts, [...SUMMARY_KEYS, 'maxOutputs']);
  const maxOutputs = checkMaxOutputs(opts.maxOutputs ?? 3, 'summary.image');
  return eagerScope(() => {
    const t = asTensor(tensor, 'summary.image');
    const c = t.shape[3];
    if (t.shape.length !== 4 || (c !== undefined && c >= 0 && ![1, 3, 4].includes(c))) {
      throw new ShapeError(`summary.image: '${name}' must have shape [batch, height, width, channels] with 1, 3 or 4 channels, got ${fmtShape(t.shape)}`);
    }
    return summaryNode('summary.image', 'ImageSummary', name, opts, [t], (tag, [v]) => imageValues(tag, v!, maxOutputs));
  });
}

/**
 * Audio clips of a [batch, frames] or [batch, frames, channels] float tensor in [-1, 1], as WAV. The sample rate
 * is the third argument (TF's order) or `opts.sampleRate`.
 */
export function audio(name: string, tensor: TensorLike, sampleRate: number | AudioSummaryOptions, opts: AudioSummaryOptions = {}): Tensor {
  const o = typeof sampleRate === 'object' && sampleRate !== null ? sampleRate : { ...opts, sampleRate };
  checkOptions('summary.audio', o, [...SUMMARY_KEYS, 'maxOutputs', 'sampleRate']);
  const rate = checkSampleRate(o.sampleRate, 'summary.audio');
  const maxOutputs = checkMaxOutputs(o.maxOutputs ?? 3, 'summary.audio');
  return eagerScope(() => {
    const t = asTensor(tensor, 'summary.audio');
    if (t.shape.length !== 2 && t.shape.length !== 3) {
      throw new ShapeError(`summary.audio: '${name}' must have shape [batch, frames] or [batch, frames, channels], got ${fmtShape(t.shape)}`);
    }
    return summaryNode('summary.audio', 'AudioSummaryV2', name, o, [t], (tag, [v]) => audioValues(tag, v!, rate, maxOutputs));
  });
}

/** Text (Markdown) for TensorBoard's text dashboard: a string or a list of strings. */
export function text(name: string, value: string | string[], opts: SummaryOptions = {}): Tensor {
  checkOptions('summary.text', opts, SUMMARY_KEYS);
  textValue('check', value, 'summary.text');
  return summaryNode('summary.text', 'TensorSummaryV2', name, opts, [], (tag) => [textValue(tag, value)]);
}

/** Decodes serialized summaries and checks that no tag appears twice (TF's MergeSummary rule). */
function mergeValues(parts: Uint8Array[], where: string): SummaryValue[] {
  const values: SummaryValue[] = [];
  const tags = new Set<string>();
  for (const p of parts) {
    for (const v of decodeMessage<{ value: SummaryValue[] }>(tbTypes().Summary, p).value) {
      if (tags.has(v.tag)) throw new ArgumentError(`${where}: duplicate tag '${v.tag}' among the merged summaries`);
      tags.add(v.tag);
      values.push(v);
    }
  }
  return values;
}

/** One summary holding the values of `inputs` (summary op results). */
export function merge(inputs: Tensor[], opts: { collections?: string[]; name?: string } = {}): Tensor {
  checkOptions('summary.merge', opts, ['collections', 'name']);
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ArgumentError('summary.merge: inputs must be a non-empty array of summaries');
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor) || t.dtype !== 'int32' || t.shape.length !== 1) {
      throw new ArgumentError(`summary.merge: inputs[${i}] is not a summary (a rank-1 int32 tensor of bytes)`);
    }
  });
  const symbolic = inputs.filter((t) => t.graphRef);
  if (symbolic.length === 0 && !inGraphMode()) {
    return bytesTensor(encodeSummary(mergeValues(inputs.map((t) => summaryBytes(t, 'summary.merge')), 'summary.merge')));
  }
  const graph = symbolic.length > 0 ? graphOf(symbolic[0]!) : getDefaultGraph();
  const captured = captureConcrete(inputs);
  const node = graph.addNode({
    type: 'MergeSummary',
    name: opts.name ?? 'Merge/MergeSummary',
    inputs: symbolic,
    outputs: [{ shape: [-1], dtype: 'int32' }],
    run: (_ctx, values) => {
      const parts = captured.map((t) => summaryBytes(t.graphRef ? values[symbolic.indexOf(t)]! : t, 'summary.merge'));
      return [bytesTensor(encodeSummary(mergeValues(parts, `summary.merge '${node.name}'`)))];
    },
  });
  const out = node.outputs[0]!;
  for (const key of opts.collections ?? []) graph.addToCollection(key, out);
  return out;
}

/** Merges every summary of the collection `key` (default SUMMARIES) of the default graph; null when empty. */
export function mergeAll(opts: { key?: string; graph?: Graph } = {}): Tensor | null {
  checkOptions('summary.mergeAll', opts, ['key', 'graph']);
  const graph = opts.graph ?? getDefaultGraph();
  const list = graph.getCollection<Tensor>(opts.key ?? GraphKeys.SUMMARIES);
  return list.length === 0 ? null : merge(list);
}

/** Eager summaries free the tensors made from JS values (numbers, arrays) once encoded. */
function eagerScope(fn: () => Tensor): Tensor {
  return ENGINE.tidy(fn);
}
