/**
 * An imported ONNX model: its declared inputs and outputs, and run()/runAsync() over either the tensorlane
 * graph built from it (any kernel backend; trainable when asked) or onnxruntime-node.
 */
import type { DType, TypedArray } from '../core/dtype.js';
import { ArgumentError, DTypeError, FileFormatError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import type { Graph } from '../graph/graph.js';
import * as g from '../graph/graph_ops.generated.js';
import type { Session } from '../graph/session.js';
import type { BuiltGraph, GraphBuilder, ValueDesc } from './importer.js';
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
    private readonly builder: GraphBuilder | null,
    readonly session: Session | null,
    private readonly ort: OrtRunner | null,
  ) {
    this.inputNames = inputs.map((v) => v.name);
    this.outputNames = outputs.map((v) => v.name);
    if (builder) {
      try {
        this.declared = builder.build();
      } catch (e) {
        // A node that needs input sizes the declaration leaves open is built per concrete shapes at run time;
        // anything else (a broken file, a bad node in a fully static model) is an error at load.
        const open = inputs.some((v) => !v.shape || v.shape.some((d) => typeof d !== 'number'));
        if (!open || e instanceof FileFormatError) throw e;
        this.declaredError = e;
      }
    }
  }

  private declared: BuiltGraph | null = null;
  private declaredError: unknown = null;
  private specialized = new Map<string, BuiltGraph>();

  /** The tensorlane graph (null for the onnxruntime backend). */
  get graph(): Graph | null {
    return this.builder?.graph ?? null;
  }

  /** Graph variables made from float initializers (trainable: true), else []. */
  get variables(): Variable[] {
    return this.builder?.variables ?? [];
  }

  /** Placeholders by input name (declared shapes), to build losses on; null for onnxruntime. */
  get inputTensors(): Record<string, Tensor> | null {
    return this.symbolicDeclared()?.inputs ?? null;
  }

  /** Symbolic outputs by name (declared shapes); null for onnxruntime. */
  get outputTensors(): Record<string, Tensor> | null {
    return this.symbolicDeclared()?.outputs ?? null;
  }

  /**
   * Placeholders and outputs for concrete input shapes (built once per shapes, sharing the Variables): use it
   * when the declared shapes leave sizes open that the model's shape arithmetic needs.
   */
  symbolic(shapes: Record<string, readonly number[]>): { inputs: Record<string, Tensor>; outputs: Record<string, Tensor> } {
    if (!this.builder) throw new ArgumentError('OnnxModel.symbolic: this model runs on onnxruntime and has no tensorlane graph');
    const b = this.forShapes(shapes);
    return { inputs: b.inputs, outputs: b.outputs };
  }

  private symbolicDeclared(): BuiltGraph | null {
    if (!this.builder) return null;
    if (this.declared) return this.declared;
    throw this.declaredError;
  }

  private forShapes(shapes: Record<string, readonly number[]>): BuiltGraph {
    const key = this.inputNames.map((n) => `${n}:${(shapes[n] ?? []).join('x')}`).join('|');
    let b = this.specialized.get(key);
    if (!b) {
      b = this.builder!.build(shapes);
      this.specialized.set(key, b);
    }
    return b;
  }

  /** The build to run for these feeds: the declared one unless it waits on run-time shapes. */
  private buildFor(feeds: Map<string, Tensor>): BuiltGraph {
    if (this.declared && this.declared.runtimeNodes === 0) return this.declared;
    return this.forShapes(Object.fromEntries([...feeds].map(([k, t]) => [k, t.shape])));
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

  /** Frees the session, the model's constants (and onnxruntime's session). The model cannot run afterwards. */
  async dispose(): Promise<void> {
    this.session?.close();
    this.builder?.dispose();
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
    const byName = new Map<string, Tensor>();
    const made: Tensor[] = [];
    for (const desc of this.inputs) {
      let t = toTensor(desc.name, feeds[desc.name]!);
      if (t !== feeds[desc.name]) made.push(t);
      const want = RESULT_DTYPE[desc.dtype] === 'int64' ? 'int32' : RESULT_DTYPE[desc.dtype];
      if (t.dtype !== want) {
        const okCast = (t.dtype === 'int64' || t.dtype === 'int32') && want === 'int32';
        if (!okCast) throw new DTypeError(`OnnxModel.run: input '${desc.name}' is ${t.dtype}; the model expects ${desc.dtype}`);
        if (t.dtype === 'int64') checkInt32Range(desc.name, t);
        t = g.cast(t, 'int32');
        made.push(t);
      }
      checkShape(desc, t.shape);
      byName.set(desc.name, t);
    }
    const built = this.buildFor(byName);
    const fed = new Map<Tensor, Tensor>([...byName].map(([k, t]) => [built.inputs[k]!, t]));
    return { fetches: this.outputNames.map((n) => built.outputs[n]!), fed, made };
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

/** int64 feeds are computed in int32: a value that does not fit is an error, never a wrap-around. */
function checkInt32Range(name: string, t: Tensor): void {
  const d = t.dataSync() as unknown as BigInt64Array;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v > 2147483647n || v < -2147483648n) {
      throw new DTypeError(`OnnxModel.run: input '${name}' element ${i} is ${v}, outside the int32 range tensorlane computes integers in`);
    }
  }
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
