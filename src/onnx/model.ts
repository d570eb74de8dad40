/**
 * An imported ONNX model: its declared inputs and outputs, and run()/runAsync() over either the tensorlane
 * graph built from it (any kernel backend; trainable when asked) or onnxruntime-node.
 */
import type { DType, TypedArray } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import type { Graph } from '../graph/graph.js';
import * as g from '../graph/graph_ops.generated.js';
import type { Session } from '../graph/session.js';
import type { ValueDesc } from './importer.js';
import type { OrtRunner } from './onnxruntime_runner.js';

/** A feed: a tensor, or raw data with its shape. */
export type OnnxFeed = Tensor | { data: TypedArray | Int8Array | Int16Array | Uint16Array; shape: readonly number[] };

/** ONNX element type names to the dtype tensorlane returns them in. */
const RESULT_DTYPE: Record<string, DType> = {
  float: 'float32', float16: 'float32', bfloat16: 'float32', double: 'float64', int64: 'int64', uint64: 'int64',
  int32: 'int32', int16: 'int32', int8: 'int32', uint8: 'int32', uint16: 'int32', uint32: 'int32', bool: 'bool',
};

export class OnnxModel {
  readonly inputNames: string[];
  readonly outputNames: string[];

  constructor(
    readonly inputs: ValueDesc[],
    readonly outputs: ValueDesc[],
    readonly opset: number,
    readonly backend: string,
    /** The tensorlane graph (null for the onnxruntime backend). */
    readonly graph: Graph | null,
    readonly session: Session | null,
    /** Graph variables made from float initializers (trainable: true), else []. */
    readonly variables: Variable[],
    /** Placeholders by input name, to build losses on (null for onnxruntime). */
    readonly inputTensors: Record<string, Tensor> | null,
    /** Symbolic outputs by name (null for onnxruntime). */
    readonly outputTensors: Record<string, Tensor> | null,
    private readonly ort: OrtRunner | null,
  ) {
    this.inputNames = inputs.map((v) => v.name);
    this.outputNames = outputs.map((v) => v.name);
  }

  /** Runs the model on the tensorlane graph. The caller owns (disposes) the results. */
  run(feeds: Record<string, OnnxFeed>): Record<string, Tensor> {
    if (!this.session) throw new ArgumentError(`OnnxModel.run: this model runs on onnxruntime, which is asynchronous: use await model.runAsync(feeds)`);
    const { fetches, fed, made } = this.prepare(feeds);
    try {
      return this.finish(this.session.run(fetches, fed) as Tensor[]);
    } finally {
      made.forEach((t) => t.dispose());
    }
  }

  async runAsync(feeds: Record<string, OnnxFeed>): Promise<Record<string, Tensor>> {
    if (this.ort) return this.runOrt(feeds);
    const { fetches, fed, made } = this.prepare(feeds);
    try {
      return this.finish((await this.session!.runAsync(fetches, fed)) as Tensor[]);
    } finally {
      made.forEach((t) => t.dispose());
    }
  }

  /** Frees the session (and onnxruntime's). */
  async dispose(): Promise<void> {
    this.session?.close?.();
    await this.ort?.release();
  }

  private checkFeeds(feeds: Record<string, OnnxFeed>): void {
    if (feeds === null || typeof feeds !== 'object') throw new ArgumentError(`OnnxModel.run: 'feeds' must be an object {inputName: tensor}`);
    for (const k of Object.keys(feeds)) {
      if (!this.inputNames.includes(k)) throw new ArgumentError(`OnnxModel.run: unknown input '${k}'; the model's inputs are ${this.inputNames.join(', ')}`);
    }
    for (const n of this.inputNames) if (!(n in feeds)) throw new ArgumentError(`OnnxModel.run: input '${n}' is not fed`);
  }

  private prepare(feeds: Record<string, OnnxFeed>) {
    this.checkFeeds(feeds);
    const fed = new Map<Tensor, Tensor>();
    const made: Tensor[] = [];
    for (const desc of this.inputs) {
      const p = this.inputTensors![desc.name]!;
      let t = toTensor(desc.name, feeds[desc.name]!);
      if (t !== feeds[desc.name]) made.push(t);
      if (t.dtype !== p.dtype) {
        const okCast = (t.dtype === 'int64' || t.dtype === 'int32') && p.dtype === 'int32';
        if (!okCast) throw new DTypeError(`OnnxModel.run: input '${desc.name}' is ${t.dtype}; the model expects ${desc.dtype}`);
        t = g.cast(t, 'int32');
        made.push(t);
      }
      checkShape(desc, t.shape);
      fed.set(p, t);
    }
    return { fetches: this.outputNames.map((n) => this.outputTensors![n]!), fed, made };
  }

  private finish(results: Tensor[]): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    this.outputs.forEach((desc, i) => {
      const r = results[i]!;
      const want = RESULT_DTYPE[desc.dtype];
      if (want && want !== r.dtype) {
        out[desc.name] = g.cast(r, want);
        r.dispose();
      } else out[desc.name] = r;
    });
    return out;
  }

  private async runOrt(feeds: Record<string, OnnxFeed>): Promise<Record<string, Tensor>> {
    this.checkFeeds(feeds);
    const ortFeeds: Parameters<OrtRunner['run']>[0] = {};
    for (const desc of this.inputs) {
      const f = feeds[desc.name]!;
      const shape = f instanceof Tensor ? [...f.shape] : [...f.shape];
      checkShape(desc, shape);
      const raw = f instanceof Tensor ? (f.dataSync() as TypedArray) : f.data;
      ortFeeds[desc.name] = { data: toOrtData(desc, raw), shape, onnxType: desc.dtype };
    }
    const res = await this.ort!.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    for (const n of this.outputNames) {
      const r = res[n]!;
      out[n] = g.tensor(r.data, r.shape, r.dtype);
    }
    return out;
  }
}

function toTensor(name: string, f: OnnxFeed): Tensor {
  if (f instanceof Tensor) {
    if (f.isSymbolic) throw new ArgumentError(`OnnxModel.run: input '${name}' is symbolic; feed concrete tensors`);
    return f;
  }
  if (!f || typeof f !== 'object' || !ArrayBuffer.isView(f.data) || !Array.isArray(f.shape)) {
    throw new ArgumentError(`OnnxModel.run: input '${name}' must be a Tensor or {data: TypedArray, shape: number[]}`);
  }
  const d = f.data;
  if (d instanceof Int8Array || d instanceof Int16Array || d instanceof Uint16Array) return g.tensor(Int32Array.from(d), f.shape, 'int32');
  return g.tensor(d as TypedArray, f.shape);
}

function checkShape(desc: ValueDesc, shape: readonly number[]): void {
  if (!desc.shape) return;
  const bad = shape.length !== desc.shape.length || desc.shape.some((d, i) => typeof d === 'number' && d !== shape[i]);
  if (bad) {
    const want = `[${desc.shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
    throw new ShapeError(`OnnxModel.run: input '${desc.name}' has shape ${fmtShape(shape)}; the model expects ${want}`);
  }
}

/** Raw feed data in the element type the model declares (onnxruntime checks types strictly). */
function toOrtData(desc: ValueDesc, raw: ArrayLike<number | bigint>): TypedArray | Int8Array | Uint8Array {
  const nums = () => Array.from(raw, Number);
  switch (desc.dtype) {
    case 'float': return raw instanceof Float32Array ? raw : Float32Array.from(nums());
    case 'double': return raw instanceof Float64Array ? raw : Float64Array.from(nums());
    case 'int32': return raw instanceof Int32Array ? raw : Int32Array.from(nums());
    case 'int64': return raw instanceof BigInt64Array ? raw : BigInt64Array.from(nums(), (v) => BigInt(Math.trunc(v)));
    case 'bool': return Uint8Array.from(nums(), (v) => (v ? 1 : 0));
    case 'uint8': return Uint8Array.from(nums());
    case 'int8': return Int8Array.from(nums());
    default: throw new DTypeError(`OnnxModel.runAsync: input '${desc.name}' has type ${desc.dtype}, which the onnxruntime runner does not feed`);
  }
}
