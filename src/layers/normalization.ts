/**
 * BatchNormalization and LayerNormalization.
 *
 * Batch norm as TF 1.x: training normalizes with the batch's statistics and moves moving_mean / moving_variance
 * toward them (moving = moving - (moving - batch) * (1 - momentum)); inference uses the moving statistics. In
 * graph mode the two moving-average assigns go to UPDATE_OPS (run them with the train step:
 * controlDependencies(getCollection(UPDATE_OPS), () => opt.minimize(loss))); eagerly they are applied at once.
 * With a bool tensor as `training` one graph serves both: the assigns then move by 0 when it is false.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import { cond } from '../graph/control_flow.js';
import { GraphKeys, type Graph } from '../graph/graph.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type CallArgs, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions, knownDim } from './layer_util.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeObject,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier,
} from './serialization.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

interface AffineOptions extends LayerArgs {
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}
const AFFINE_KEYS = ['epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint'];

/** gamma/beta handling shared by both normalizations. */
class Affine {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly init;

  constructor(where: string, o: AffineOptions) {
    this.epsilon = o.epsilon ?? 1e-3;
    if (typeof this.epsilon !== 'number' || !(this.epsilon >= 0)) throw new ArgumentError(`${where}: 'epsilon' must be a number >= 0, got ${String(o.epsilon)}`);
    for (const k of ['center', 'scale'] as const) {
      if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new ArgumentError(`${where}: '${k}' must be a boolean, got ${String(o[k])}`);
    }
    this.center = o.center ?? true;
    this.scale = o.scale ?? true;
    this.init = {
      betaInitializer: getInitializer(o.betaInitializer ?? 'zeros', where),
      gammaInitializer: getInitializer(o.gammaInitializer ?? 'ones', where),
      betaRegularizer: getRegularizer(o.betaRegularizer, where),
      gammaRegularizer: getRegularizer(o.gammaRegularizer, where),
      betaConstraint: getConstraint(o.betaConstraint, where),
      gammaConstraint: getConstraint(o.gammaConstraint, where),
    };
  }

  weights(layer: Layer, shape: number[]): { gamma?: Variable; beta?: Variable } {
    const i = this.init;
    const gamma = this.scale ? layer.addWeight('gamma', shape, { initializer: i.gammaInitializer, regularizer: i.gammaRegularizer ?? null, constraint: i.gammaConstraint }) : undefined;
    const beta = this.center ? layer.addWeight('beta', shape, { initializer: i.betaInitializer, regularizer: i.betaRegularizer ?? null, constraint: i.betaConstraint }) : undefined;
    return { gamma, beta };
  }

  config(): Record<string, unknown> {
    const i = this.init;
    return {
      epsilon: this.epsilon, center: this.center, scale: this.scale,
      betaInitializer: serializeObject(i.betaInitializer), gammaInitializer: serializeObject(i.gammaInitializer),
      betaRegularizer: serializeObject(i.betaRegularizer), gammaRegularizer: serializeObject(i.gammaRegularizer),
      betaConstraint: serializeObject(i.betaConstraint), gammaConstraint: serializeObject(i.gammaConstraint),
    };
  }
}

export interface BatchNormalizationOptions extends AffineOptions {
  /** The channels (features) axis, default -1. */
  axis?: number;
  momentum?: number;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  /** Use the FusedBatchNorm kernel (default true); false: the composite of moments and batchNorm. */
  fused?: boolean | null;
}

export class BatchNormalization extends Layer {
  static override readonly className: string = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly fused: boolean;
  private readonly affine: Affine;
  private readonly movingInit;
  gamma?: Variable;
  beta?: Variable;
  movingMean?: Variable;
  movingVariance?: Variable;

  constructor(opts: BatchNormalizationOptions = {}) {
    const where = 'BatchNormalization';
    checkLayerOptions(where, opts, [...AFFINE_KEYS, 'axis', 'momentum', 'movingMeanInitializer', 'movingVarianceInitializer', 'fused']);
    super(baseArgs(opts as Record<string, unknown>));
    this.axis = opts.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`${where}: 'axis' must be an integer, got ${String(opts.axis)}`);
    this.momentum = opts.momentum ?? 0.99;
    if (typeof this.momentum !== 'number' || !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ArgumentError(`${where}: 'momentum' must be a number in [0, 1], got ${String(opts.momentum)}`);
    }
    if (opts.fused !== undefined && opts.fused !== null && typeof opts.fused !== 'boolean') throw new ArgumentError(`${where}: 'fused' must be a boolean, got ${String(opts.fused)}`);
    this.fused = opts.fused ?? true;
    this.affine = new Affine(where, opts);
    this.movingInit = {
      mean: getInitializer(opts.movingMeanInitializer ?? 'zeros', where),
      variance: getInitializer(opts.movingVarianceInitializer ?? 'ones', where),
    };
  }

  private channelAxis(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a < 0 || a >= rank) throw new ShapeError(`${this.name}: 'axis' ${this.axis} is out of range for inputs of rank ${rank}`);
    return a;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    if (s.length < 2) throw new ShapeError(`${this.name}: BatchNormalization needs inputs of rank >= 2, got [${s.join(',')}]`);
    const c = knownDim(this.name, s, this.channelAxis(s.length), 'channels (axis)');
    ({ gamma: this.gamma, beta: this.beta } = this.affine.weights(this, [c]));
    this.movingMean = this.addWeight('moving_mean', [c], { initializer: this.movingInit.mean, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [c], { initializer: this.movingInit.variance, trainable: false });
    for (const v of [this.movingMean, this.movingVariance]) {
      if (v.isSymbolic) {
        const g = v.graphRef!.graph as Graph;
        if (!g.getCollection(GraphKeys.MOVING_AVERAGE_VARIABLES).includes(v)) g.addToCollection(GraphKeys.MOVING_AVERAGE_VARIABLES, v);
      }
    }
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    const rank = x.rank;
    const ch = this.channelAxis(rank);
    const C = this.movingMean!.shape[0]!;
    const gamma = this.gamma ?? ops.ones([C], x.dtype);
    const beta = this.beta ?? ops.zeros([C], x.dtype);
    const eps = this.affine.epsilon;
    const training = args.training ?? false;
    if (ch === rank - 1 || ch === 1) {
      const dataFormat = ch === rank - 1 ? 'NHWC' : 'NCHW';
      const infer = () => ops.fusedBatchNorm(x, gamma, beta, { mean: this.movingMean!, variance: this.movingVariance!, epsilon: eps, dataFormat, isTraining: false, fused: this.fused }).y;
      if (training === false) return infer();
      const r = ops.fusedBatchNorm(x, gamma, beta, { epsilon: eps, dataFormat, isTraining: true, fused: this.fused });
      this.updateMoving(r.batchMean, r.batchVariance, training);
      return training === true ? r.y : cond(training, () => ops.identity(r.y), infer);
    }
    // Any other axis: moments over the rest, parameters reshaped to broadcast.
    const kept = x.shape.map((d, i) => (i === ch ? C : 1));
    const b = (t: Tensor) => ops.reshape(t, kept);
    const infer = () => ops.batchNorm(x, b(this.movingMean!), b(this.movingVariance!), b(beta), b(gamma), eps);
    if (training === false) return infer();
    const axes = x.shape.map((_, i) => i).filter((i) => i !== ch);
    const m = ops.moments(x, axes, true);
    const y = ops.batchNorm(x, m.mean, m.variance, b(beta), b(gamma), eps);
    this.updateMoving(ops.reshape(m.mean, [C]), ops.reshape(m.variance, [C]), training);
    return training === true ? y : cond(training, () => ops.identity(y), infer);
  }

  /** moving -= (moving - batch) * (1 - momentum), with 0 instead of 1 - momentum when `training` is false. */
  private updateMoving(batchMean: Tensor, batchVariance: Tensor, training: boolean | Tensor): void {
    const mm = this.movingMean!, mv = this.movingVariance!;
    if (!mm.isSymbolic && !batchMean.isSymbolic && typeof training === 'boolean') {
      // Eager: apply now (outside any gradient: the statistics are values, not part of the loss).
      const d = 1 - this.momentum;
      const newMean = ops.sub(mm, ops.mul(ops.sub(mm, batchMean), d));
      const newVar = ops.sub(mv, ops.mul(ops.sub(mv, batchVariance), d));
      mm.assign(newMean);
      mv.assign(newVar);
      newMean.dispose();
      newVar.dispose();
      return;
    }
    const decay = typeof training === 'boolean'
      ? ops.scalar(1 - this.momentum, mm.dtype)
      : cond(training, () => ops.scalar(1 - this.momentum, mm.dtype), () => ops.scalar(0, mm.dtype));
    this.addUpdate(mm.assignSub(ops.mul(ops.sub(mm, batchMean), decay)));
    this.addUpdate(mv.assignSub(ops.mul(ops.sub(mv, batchVariance), decay)));
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), axis: this.axis, momentum: this.momentum, fused: this.fused, ...this.affine.config(),
      movingMeanInitializer: serializeObject(this.movingInit.mean), movingVarianceInitializer: serializeObject(this.movingInit.variance),
    };
  }
}

export interface LayerNormalizationOptions extends AffineOptions {
  /** The axis or axes normalized over (default -1, the features). */
  axis?: number | number[];
}

/** Normalizes each example over `axis` (its own mean and variance), then scales by gamma and shifts by beta. */
export class LayerNormalization extends Layer {
  static override readonly className: string = 'LayerNormalization';
  readonly axis: number[];
  private readonly affine: Affine;
  gamma?: Variable;
  beta?: Variable;

  constructor(opts: LayerNormalizationOptions = {}) {
    const where = 'LayerNormalization';
    checkLayerOptions(where, opts, [...AFFINE_KEYS, 'axis']);
    super(baseArgs(opts as Record<string, unknown>));
    const axis = opts.axis ?? -1;
    this.axis = Array.isArray(axis) ? [...axis] : [axis];
    if (this.axis.length === 0 || this.axis.some((a) => !Number.isInteger(a))) throw new ArgumentError(`${where}: 'axis' must be an integer or a list of integers, got ${JSON.stringify(opts.axis)}`);
    this.affine = new Affine(where, opts);
  }

  private axes(rank: number): number[] {
    return this.axis.map((a) => {
      const k = a < 0 ? rank + a : a;
      if (k < 1 || k >= rank) throw new ShapeError(`${this.name}: 'axis' ${a} is out of range (or the batch axis) for inputs of rank ${rank}`);
      return k;
    }).sort((p, q) => p - q);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    const axes = this.axes(s.length);
    const shape = axes.map((a) => knownDim(this.name, s, a, `axis ${a}`));
    ({ gamma: this.gamma, beta: this.beta } = this.affine.weights(this, shape));
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    const axes = this.axes(x.rank);
    // Parameters of shape [d_axes...] broadcast along the normalized axes.
    const kept = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const m = ops.moments(x, axes, true);
    let y = ops.mul(ops.sub(x, m.mean), ops.rsqrt(ops.add(m.variance, this.affine.epsilon)));
    if (this.gamma) y = ops.mul(y, ops.reshape(this.gamma, kept));
    if (this.beta) y = ops.add(y, ops.reshape(this.beta, kept));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: [...this.axis], ...this.affine.config() };
  }
}

for (const cls of [BatchNormalization, LayerNormalization]) registerLayer(cls);
