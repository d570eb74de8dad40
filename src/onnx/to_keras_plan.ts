/**
 * The planner of tl.onnx.toKeras: walks the tidied graph (to_keras_graph.ts) in computing order and decides,
 * for each node, the tl.keras layer that computes the same thing, its configuration and its weights — or
 * refuses, naming the node, its op type and why. It builds no layer: a plan is data plus a constructor call,
 * so every refusal comes before the first layer exists. The handlers per op type are in to_keras_ops.ts (and
 * to_keras_conv_ops.ts, to_keras_spatial_ops.ts).
 *
 * Patterns that become one layer: MatMul/Gemm + Add(bias) (+ activation) -> Dense; Conv/ConvTranspose +
 * Add(per-channel bias) (+ activation) -> Conv1D/2D/3D, DepthwiseConv2D, Conv1D/2D/3DTranspose; GlobalPool +
 * Flatten -> one global pooling layer.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as g from '../graph/graph_ops.generated.js';
import type { Layer } from '../layers/base_layer.js';
import type { KGraph, KNode } from './to_keras_graph.js';

/** One layer to build: what it reads and produces, how to make it, and its weights in `layer.weights` order. */
export interface LayerPlan {
  /** The ONNX node(s) it stands for, for errors. */
  label: string;
  inputs: string[];
  output: string;
  make: () => Layer;
  weights?: Tensor[];
}

export type Handler = (p: Planner, n: KNode) => void;

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

export class Planner {
  readonly plans: LayerPlan[] = [];
  /** Values that are other names for a value (an op that changes nothing here). */
  readonly aliases = new Map<string, string>();
  private readonly consumed = new Set<KNode>();

  constructor(
    readonly graph: KGraph,
    readonly opset: number,
    /** The batch size when every input declares the same fixed one (it may then appear in Reshape shapes). */
    readonly fixedBatch: number | null,
  ) {}

  /** A refusal naming the node and its op type. */
  fail(n: KNode, msg: string): never {
    throw new ArgumentError(`onnx.toKeras: node '${n.label}' (${n.op}): ${msg}`);
  }

  shape(value: string): number[] {
    return this.graph.value(value).shape;
  }

  /** Input i, which must be computed from the model's inputs (not a constant). */
  act(n: KNode, i: number, what = `input ${i}`): string {
    const v = n.inputs[i];
    if (v === undefined || v === '') this.fail(n, `${what} is missing`);
    if (this.graph.constant(v) !== null) this.fail(n, `${what} ('${v}') is a constant; a layer input must be computed from the model's inputs`);
    return v;
  }

  /** Input i, which must be a constant (an initializer or folded from them). */
  cst(n: KNode, i: number, what: string): Tensor {
    const v = n.inputs[i];
    if (v === undefined || v === '') this.fail(n, `${what} (input ${i}) is missing`);
    const t = this.graph.constant(v);
    if (!t) this.fail(n, `${what} (input ${i}, '${v}') must be a constant (an initializer), but it is computed from the model's inputs`);
    return t;
  }

  optCst(n: KNode, i: number, what: string): Tensor | null {
    return n.inputs[i] === undefined || n.inputs[i] === '' ? null : this.cst(n, i, what);
  }

  /** Output k is read by someone (a node or as a model output). */
  used(n: KNode, k: number): boolean {
    const v = n.outputs[k];
    return v !== undefined && v !== '' && (this.graph.isOutput(v) || this.graph.consumers(v).length > 0);
  }

  /** The only reader of `value` when it has exactly one and is not a model output (so the two can fuse). */
  sole(value: string): KNode | null {
    if (this.graph.isOutput(value)) return null;
    const readers = this.graph.consumers(value);
    return readers.length === 1 && !this.consumed.has(readers[0]!) ? readers[0]! : null;
  }

  consume(n: KNode): void {
    this.consumed.add(n);
  }

  isConsumed(n: KNode): boolean {
    return this.consumed.has(n);
  }

  add(plan: LayerPlan): void {
    this.plans.push(plan);
  }

  alias(value: string, to: string): void {
    this.aliases.set(value, to);
  }

  /** A concrete tensor computed while planning (a transposed kernel, a folded bias): freed with the graph. */
  made(fn: () => Tensor): Tensor {
    return this.graph.keep(ENGINE.tidy(fn));
  }

  /** A new intermediate value (a padded input) of `shape`. */
  newValue(base: string, shape: number[], like: string): string {
    const name = this.graph.freshName(base);
    this.graph.values.set(name, { shape, dtype: this.graph.value(like).dtype, constant: null });
    return name;
  }

  /** The keras activation name of an activation node, or null when it has none (or its parameters differ). */
  activationName(n: KNode): string | null {
    const c = n.ctx;
    switch (n.op) {
      case 'Relu': return 'relu';
      case 'Sigmoid': return 'sigmoid';
      case 'Tanh': return 'tanh';
      case 'Softplus': return 'softplus';
      case 'Softsign': return 'softsign';
      case 'Exp': return 'exponential';
      case 'Elu': return near(c.float('alpha', 1), 1) ? 'elu' : null;
      // ONNX's defaults are TF's SELU constants rounded to float32.
      case 'Selu': return near(c.float('alpha', 1.6732632), 1.6732632) && near(c.float('gamma', 1.0507010), 1.0507010) ? 'selu' : null;
      case 'HardSigmoid': return near(c.float('alpha', 0.2), 0.2) && near(c.float('beta', 0.5), 0.5) ? 'hardSigmoid' : null;
      case 'Gelu': return c.str('approximate', 'none') === 'none' ? 'gelu' : null;
      case 'Softmax': return this.softmaxAxis(n) === 'last' ? 'softmax' : null;
      case 'LogSoftmax': return this.softmaxAxis(n) === 'last' ? 'logSoftmax' : null;
      case 'Clip': {
        const [lo, hi] = this.clipRange(n);
        return lo !== 0 ? null : hi === 6 ? 'relu6' : hi === Infinity ? 'relu' : null;
      }
      default: return null;
    }
  }

  /** Clip's bounds (constant inputs from opset 11, attributes before). */
  clipRange(n: KNode): [number, number] {
    const c = n.ctx;
    const bound = (i: number, what: string, dflt: number) => {
      if (this.opset < 11) return c.float(what, dflt);
      const t = this.optCst(n, i, what);
      return t ? Number(t.dataSync()[0]) : dflt;
    };
    // The float32 extremes that exporters write for "no bound" mean none.
    const lo = bound(1, 'min', -Infinity), hi = bound(2, 'max', Infinity);
    return [lo <= -3.4e38 ? -Infinity : lo, hi >= 3.4e38 ? Infinity : hi];
  }

  /**
   * Where a Softmax/LogSoftmax normalizes: 'last', another axis (opset >= 13), or 'rows' — before opset 13 a
   * rank > 2 input is flattened to 2-D at `axis` and each row normalized, which no keras layer does.
   */
  softmaxAxis(n: KNode): 'last' | 'rows' | number {
    const rank = this.shape(n.inputs[0]!).length;
    if (this.opset >= 13) {
      const a = n.ctx.axis(n.ctx.int('axis', -1), rank);
      return a === rank - 1 ? 'last' : a;
    }
    const a = n.ctx.axis(n.ctx.int('axis', 1), Math.max(rank, 1));
    return a === rank - 1 ? 'last' : 'rows';
  }

  /** Folds the single activation reading `out` into the layer (Dense/Conv activation option). */
  fuseActivation(out: string): { activation?: string; output: string } {
    const c = this.sole(out);
    const name = c && c.inputs[0] === out ? this.activationName(c) : null;
    if (!c || !name) return { output: out };
    this.consume(c);
    return { activation: name, output: c.outputs[0]! };
  }

  /**
   * Folds the single Add that adds a constant to `out` when the constant is one value per unit along `axis`
   * (the last axis for Dense, 1 for channels-first convs) and 1 elsewhere: returns the [units] bias.
   */
  fuseBias(out: string, units: number, axis: 'last' | 1): { bias: Tensor; output: string } | null {
    const c = this.sole(out);
    if (!c || c.op !== 'Add' || c.inputs.length !== 2) return null;
    const k = c.inputs.indexOf(out);
    const other = c.inputs[1 - k]!;
    if (other === out) return null;
    const t = this.graph.constant(other);
    const rank = this.shape(out).length;
    const bias = t ? this.perUnit(t, units, rank, axis === 'last' ? rank - 1 : 1) : null;
    if (!bias) return null;
    this.consume(c);
    return { bias, output: c.outputs[0]! };
  }

  /** A constant that broadcasts along `axis` of a rank-`rank` value as [units] (or one value), else null. */
  perUnit(t: Tensor, units: number, rank: number, axis: number): Tensor | null {
    if (t.rank > rank) return null;
    const s = [...Array<number>(rank - t.rank).fill(1), ...t.shape];
    if (s.some((d, i) => (i === axis ? d !== units && d !== 1 : d !== 1))) return null;
    return this.made(() => g.broadcastTo(g.reshape(t, [t.size]), [units]));
  }

  /** The sum of two optional biases. */
  sumBias(a: Tensor | null, b: Tensor | null): Tensor | null {
    if (!a || !b) return a ?? b;
    return this.made(() => g.add(a, b));
  }
}

/** TF/Keras 'same' padding [before, after] for one spatial dim (null: the size is unknown and matters). */
export function samePads(size: number, k: number, s: number, d: number): [number, number] | null {
  const eff = (k - 1) * d + 1;
  let total: number;
  if (size < 0) {
    if (s !== 1) return null;
    total = eff - 1;
  } else {
    const out = Math.ceil(size / s);
    total = Math.max((out - 1) * s + eff - size, 0);
  }
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** 'valid' when no dim is padded, 'same' when every dim is padded as Keras's 'same', else null. */
export function kerasPadding(pads: [number, number][], spatial: number[], kernel: number[], strides: number[], dilations: number[]): 'valid' | 'same' | null {
  if (pads.every(([b, e]) => b === 0 && e === 0)) return 'valid';
  const same = spatial.map((n, i) => samePads(n, kernel[i]!, strides[i]!, dilations[i]!));
  return same.every((p, i) => p && p[0] === pads[i]![0] && p[1] === pads[i]![1]) ? 'same' : null;
}
