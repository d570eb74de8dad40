/**
 * Activation layers Keras has as classes: LeakyReLU, ReLU (with maxValue / negativeSlope / threshold), Softmax
 * (over an axis), PReLU (a learned slope per input cell, shareable across axes), ELU (with alpha),
 * ThresholdedReLU. (ZeroPadding2D and UpSampling2D moved to spatial.ts with their 1-D and 3-D forms.)
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions } from './layer_util.js';
import { WeightParams, type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier } from './serialization.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

function nonNegative(where: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0)) throw new ArgumentError(`${where}: '${arg}' must be a number >= 0, got ${String(v)}`);
  return v;
}

/** max(x, alpha * x). */
export class LeakyReLU extends Layer {
  static override readonly className: string = 'LeakyReLU';
  readonly alpha: number;
  constructor(opts: LayerArgs & { alpha?: number } = {}) {
    checkLayerOptions('LeakyReLU', opts, ['alpha']);
    super(baseArgs(opts as Record<string, unknown>));
    this.alpha = nonNegative('LeakyReLU', 'alpha', opts.alpha ?? 0.3);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.leakyRelu(one(inputs), this.alpha);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** x for x >= threshold, negativeSlope * (x - threshold) below it, capped at maxValue. */
export class ReLU extends Layer {
  static override readonly className: string = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;
  constructor(opts: LayerArgs & { maxValue?: number | null; negativeSlope?: number; threshold?: number } = {}) {
    checkLayerOptions('ReLU', opts, ['maxValue', 'negativeSlope', 'threshold']);
    super(baseArgs(opts as Record<string, unknown>));
    this.maxValue = opts.maxValue === undefined || opts.maxValue === null ? null : nonNegative('ReLU', 'maxValue', opts.maxValue);
    this.negativeSlope = nonNegative('ReLU', 'negativeSlope', opts.negativeSlope ?? 0);
    if (typeof (opts.threshold ?? 0) !== 'number') throw new ArgumentError(`ReLU: 'threshold' must be a number, got ${String(opts.threshold)}`);
    this.threshold = opts.threshold ?? 0;
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    let y: Tensor;
    if (this.threshold === 0 && this.negativeSlope === 0) y = ops.relu(x);
    else {
      const above = ops.greaterEqual(x, ops.scalar(this.threshold, x.dtype));
      const below = this.negativeSlope === 0 ? ops.zerosLike(x) : ops.mul(ops.sub(x, this.threshold), this.negativeSlope);
      y = ops.where(above, x, below);
    }
    return this.maxValue === null ? y : ops.minimum(y, ops.scalar(this.maxValue, x.dtype));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

/** softmax over `axis` (default -1). */
export class Softmax extends Layer {
  static override readonly className: string = 'Softmax';
  readonly axis: number;
  constructor(opts: LayerArgs & { axis?: number } = {}) {
    checkLayerOptions('Softmax', opts, ['axis']);
    super(baseArgs(opts as Record<string, unknown>));
    this.axis = opts.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`Softmax: 'axis' must be an integer, got ${String(opts.axis)}`);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.softmax(one(inputs), this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

export interface PReLUOptions extends LayerArgs {
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier | null;
  alphaConstraint?: ConstraintIdentifier | null;
  /** Axes (1-based past the batch, as in Keras) that share one slope, e.g. [1, 2] for one slope per channel of images. */
  sharedAxes?: number | number[] | null;
}

/**
 * Parametric ReLU: x for x >= 0, alpha * x below, with alpha a weight of the input's shape past the batch
 * (a size of 1 on each shared axis), zeros at first (Keras's default: a ReLU that learns its slope).
 */
export class PReLU extends Layer {
  static override readonly className: string = 'PReLU';
  readonly alphaParams: WeightParams;
  readonly sharedAxes: number[] | null;
  alpha?: Variable;

  constructor(opts: PReLUOptions = {}) {
    checkLayerOptions('PReLU', opts, ['sharedAxes', ...WeightParams.keys('alpha')]);
    super(baseArgs(opts as Record<string, unknown>));
    this.alphaParams = new WeightParams('alpha', 'PReLU', opts as Record<string, unknown>, 'zeros');
    const shared = opts.sharedAxes;
    if (shared === undefined || shared === null) this.sharedAxes = null;
    else {
      const list = typeof shared === 'number' ? [shared] : shared;
      if (!Array.isArray(list) || list.some((a) => !Number.isInteger(a) || a < 1)) {
        throw new ArgumentError(`PReLU: 'sharedAxes' must be an axis >= 1 or a list of them (axis 0 is the batch), got ${JSON.stringify(shared)}`);
      }
      this.sharedAxes = [...list];
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    const fmt = `[${s.map((d) => d ?? '?').join(',')}]`;
    if (s.length < 2) throw new ShapeError(`${this.name}: PReLU needs inputs of rank >= 2 ([batch, ...]), got shape ${fmt}`);
    const shape = s.slice(1);
    for (const a of this.sharedAxes ?? []) {
      if (a >= s.length) throw new ShapeError(`${this.name}: shared axis ${a} is out of range for inputs of shape ${fmt}`);
      shape[a - 1] = 1;
    }
    if (shape.some((d) => d === null)) throw new ShapeError(`${this.name}: the slopes need every unshared dimension known, got inputs of shape ${fmt}`);
    this.alpha = this.alphaParams.make(this, 'alpha', shape as number[]);
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.prelu(one(inputs), this.alpha!);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.alphaParams.config(), sharedAxes: this.sharedAxes ? [...this.sharedAxes] : null };
  }
}

/** x for x > 0, alpha * (e^x - 1) otherwise (alpha 1 by default). */
export class ELU extends Layer {
  static override readonly className: string = 'ELU';
  readonly alpha: number;
  constructor(opts: LayerArgs & { alpha?: number } = {}) {
    checkLayerOptions('ELU', opts, ['alpha']);
    super(baseArgs(opts as Record<string, unknown>));
    this.alpha = nonNegative('ELU', 'alpha', opts.alpha ?? 1);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    if (this.alpha === 1) return ops.elu(x);
    // elu(x) is x above 0 and e^x - 1 below: only the lower branch is scaled (where keeps the upper one exact).
    return ops.where(ops.greater(x, ops.scalar(0, x.dtype)), x, ops.mul(ops.elu(x), this.alpha));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** x for x > theta, 0 otherwise (theta 1 by default). */
export class ThresholdedReLU extends Layer {
  static override readonly className: string = 'ThresholdedReLU';
  readonly theta: number;
  constructor(opts: LayerArgs & { theta?: number } = {}) {
    checkLayerOptions('ThresholdedReLU', opts, ['theta']);
    super(baseArgs(opts as Record<string, unknown>));
    this.theta = nonNegative('ThresholdedReLU', 'theta', opts.theta ?? 1);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    return ops.where(ops.greater(x, ops.scalar(this.theta, x.dtype)), x, ops.zerosLike(x));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), theta: this.theta };
  }
}

for (const cls of [LeakyReLU, ReLU, Softmax, PReLU, ELU, ThresholdedReLU]) registerLayer(cls);
