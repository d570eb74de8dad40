/**
 * What an operator translator sees of one ONNX node: its inputs as tensorlane tensors (concrete tensors for
 * values known at load — initializers, constants and everything folded from them — or symbolic graph tensors),
 * its attributes with ONNX defaults, the opset, and helpers that read the static values shape arguments need.
 */
import { ArgumentError, TensorlaneError } from '../core/errors.js';
import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { DATA_TYPE_NAMES } from './proto.js';
import type { AttributeObj, DecodedTensor, GraphObj, TensorProtoObj } from './model_proto.js';

/**
 * Thrown by a translator that needs the value of an input that is only known at run time; the importer then
 * runs the node as one graph node whose runner calls the translator on concrete values.
 */
export class NeedsRuntimeValue extends Error {}

/** One operator translator: returns the node's outputs in order (null for an output it does not produce). */
export type Translate = (ctx: OpContext) => (Tensor | null)[] | Tensor;

export interface OpDef {
  translate: Translate;
  /**
   * Inputs read as values at load (shapes, axes, scales, pads...): with trainable: true, float initializers
   * feeding them stay constants rather than becoming Variables.
   */
  staticInputs?: number[];
  /** Inputs that are statistics, not weights (BatchNormalization's mean and variance): non-trainable Variables. */
  frozenInputs?: number[];
  /**
   * Output shapes (-1 for unknown dims) of a node run at run time because a shape argument is symbolic:
   * needed only by ops whose output rank depends on an input's values (Reshape, Expand, ...). When absent, such
   * a node is refused at load.
   */
  runtimeShapes?: (ctx: OpContext) => { shape: number[]; dtype: DType }[];
}

export class OpContext {
  readonly attrs = new Map<string, AttributeObj>();
  /** ONNX element type names of the inputs where known (initializers and graph inputs), set by the importer. */
  inputTypes: (string | null)[] = [];

  constructor(
    readonly op: string,
    /** The node's name, or '#index' when it has none. */
    readonly node: string,
    readonly opset: number,
    readonly inputs: (Tensor | null)[],
    attributes: AttributeObj[],
    readonly numOutputs: number,
    /** Decodes a tensor attribute (Constant's value, ConstantOfShape's value). */
    readonly decode: (t: TensorProtoObj) => DecodedTensor,
    /** Builds a subgraph attribute (If/Loop bodies) with outer values in scope. */
    readonly subgraph?: (g: GraphObj, inputs: Tensor[]) => Tensor[],
  ) {
    for (const a of attributes) this.attrs.set(a.name ?? '', a);
  }

  /** A typed error naming the op and the node. */
  error(msg: string): TensorlaneError {
    return new ArgumentError(`onnx ${this.op} node '${this.node}': ${msg}`);
  }

  has(name: string): boolean {
    return this.attrs.has(name);
  }

  // A present attribute whose value field is absent holds the field's default (proto3 writers omit 0).
  int(name: string, dflt: number): number {
    const a = this.attrs.get(name);
    return a ? Number(a.i ?? 0) : dflt;
  }

  float(name: string, dflt: number): number {
    const a = this.attrs.get(name);
    return a ? (a.f ?? 0) : dflt;
  }

  ints(name: string, dflt: number[] | null = null): number[] | null {
    const a = this.attrs.get(name);
    return a ? (a.ints ?? []).map(Number) : dflt;
  }

  floats(name: string): number[] | null {
    return this.attrs.get(name)?.floats ?? null;
  }

  str(name: string, dflt: string): string {
    const s = this.attrs.get(name)?.s;
    return s ? new TextDecoder().decode(s) : dflt;
  }

  strs(name: string): string[] | null {
    const s = this.attrs.get(name)?.strings;
    return s ? s.map((b) => new TextDecoder().decode(b)) : null;
  }

  tensorAttr(name: string): DecodedTensor | null {
    const t = this.attrs.get(name)?.t;
    return t ? this.decode(t) : null;
  }

  graphAttr(name: string): GraphObj {
    const g = this.attrs.get(name)?.g;
    if (!g) throw this.error(`attribute '${name}' (a subgraph) is missing`);
    return g;
  }

  /** A required input. */
  input(i: number): Tensor {
    const t = this.inputs[i];
    if (!t) throw this.error(`input ${i} is required`);
    return t;
  }

  /** An optional input (null when absent or given as ''). */
  opt(i: number): Tensor | null {
    return this.inputs[i] ?? null;
  }

  isStatic(i: number): boolean {
    const t = this.inputs[i];
    return !!t && !t.isSymbolic;
  }

  /** The values of input i as numbers (it must be known at load, or the node runs at run time). */
  values(i: number): number[] {
    const t = this.input(i);
    if (t.isSymbolic) throw new NeedsRuntimeValue();
    return Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);
  }

  /** Values of optional input i, or null when absent. */
  optValues(i: number): number[] | null {
    return this.inputs[i] ? this.values(i) : null;
  }

  /** A normalized axis for a tensor of `rank` (negative counts from the end). */
  axis(a: number, rank: number, what = 'axis'): number {
    const n = a < 0 ? a + rank : a;
    if (!Number.isInteger(n) || n < 0 || n >= rank) throw this.error(`${what} ${a} is out of range for rank ${rank}`);
    return n;
  }

  /** The ONNX element type of input i ('uint8', 'int8', ...) where the importer knows it. */
  inputOnnxType(i: number): string | null {
    return this.inputTypes[i] ?? null;
  }

  /** ONNX element type code to its name (for errors). */
  typeName(code: number): string {
    return DATA_TYPE_NAMES[code] ?? String(code);
  }
}
