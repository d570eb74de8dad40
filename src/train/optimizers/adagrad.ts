/** The Adagrad family: AdagradOptimizer, AdagradDAOptimizer, ProximalAdagradOptimizer. */
import { ArgumentError } from '../../core/errors.js';
import { ApplyAdagrad } from '../../core/kernel_names.js';
import { Tensor } from '../../core/tensor.js';
import * as raw from '../../ops/index.js';
import { applyKernel } from './apply_kernels.js';
import { Optimizer, parseArgs, type Hyper, type LearningRate, type Slots, type SlotSpec, type Update } from './optimizer.js';

/** TF ApplyAdagrad: a <- a + g^2;  x <- x - lr * g / sqrt(a). */
export function adagradRule(x: Tensor, g: Tensor, a: Tensor, lr: Tensor): { x: Tensor; a: Tensor } {
  const a1 = raw.add(a, raw.square(g));
  return { x: raw.sub(x, raw.mul(raw.mul(g, lr), raw.rsqrt(a1))), a: a1 };
}

/**
 * TF ApplyAdagradDA (dual averaging), with t = globalStep + 1 (TF feeds the step read before this update + 1):
 *   ga <- ga + g;  gsa <- gsa + g^2
 *   x  <- -lr * sign(ga) * max(|ga| - l1 * t, 0) / (l2 * t * lr + sqrt(gsa))
 * TF branches on l1 > 0; with l1 = 0, sign(ga) * |ga| = ga exactly, so one formula serves both.
 */
export function adagradDARule(
  g: Tensor, ga: Tensor, gsa: Tensor, lr: Tensor, l1: Tensor, l2: Tensor, t: Tensor,
): { x: Tensor; ga: Tensor; gsa: Tensor } {
  const ga1 = raw.add(ga, g);
  const gsa1 = raw.add(gsa, raw.square(g));
  const shrunk = raw.mul(raw.sign(ga1), raw.maximum(raw.sub(raw.abs(ga1), raw.mul(l1, t)), 0));
  const denom = raw.add(raw.mul(raw.mul(l2, t), lr), raw.sqrt(gsa1));
  return { x: raw.div(raw.mul(raw.neg(lr), shrunk), denom), ga: ga1, gsa: gsa1 };
}

/**
 * TF ApplyProximalAdagrad:
 *   a <- a + g^2;  lr' = lr / sqrt(a);  p <- x - lr' * g
 *   x <- sign(p) * max(|p| - lr' * l1, 0) / (1 + lr' * l2)
 */
export function proximalAdagradRule(x: Tensor, g: Tensor, a: Tensor, lr: Tensor, l1: Tensor, l2: Tensor): { x: Tensor; a: Tensor } {
  const a1 = raw.add(a, raw.square(g));
  const lrt = raw.mul(lr, raw.rsqrt(a1));
  const p = raw.sub(x, raw.mul(g, lrt));
  const shrunk = raw.mul(raw.sign(p), raw.maximum(raw.sub(raw.abs(p), raw.mul(lrt, l1)), 0));
  return { x: raw.div(shrunk, raw.add(1, raw.mul(lrt, l2))), a: a1 };
}

function positive(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0)) throw new ArgumentError(`${op}: '${name}' must be a positive number, got ${String(v)}`);
  return v;
}

export interface AdagradOptions {
  learningRate: LearningRate;
  initialAccumulatorValue: number;
  name: string;
}

/** tf.train.AdagradOptimizer(learningRate, initialAccumulatorValue = 0.1); slot 'accumulator'. */
export class AdagradOptimizer extends Optimizer {
  private readonly init: number;

  constructor(learningRate: LearningRate | Partial<AdagradOptions>, ...rest: unknown[]) {
    const a = parseArgs<AdagradOptions>('AdagradOptimizer', [learningRate, ...rest], ['learningRate', 'initialAccumulatorValue', 'name'], {
      initialAccumulatorValue: 0.1,
      name: 'Adagrad',
    });
    super(a.name, { lr: a.learningRate });
    this.init = positive('AdagradOptimizer', 'initialAccumulatorValue', a.initialAccumulatorValue);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', init: this.init }];
  }

  protected applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const fused = applyKernel(ApplyAdagrad, [x, s.accumulator!, g, h.lr!], 2, { inPlace: this.inPlace });
    if (fused) return { x: fused[0]!, slots: { accumulator: fused[1]! } };
    const r = adagradRule(x, g, s.accumulator!, h.lr!);
    return { x: r.x, slots: { accumulator: r.a } };
  }
}

export interface AdagradDAOptions {
  learningRate: LearningRate;
  globalStep: Tensor;
  initialGradientSquaredAccumulatorValue: number;
  l1RegularizationStrength: LearningRate;
  l2RegularizationStrength: LearningRate;
  name: string;
}

/**
 * tf.train.AdagradDAOptimizer(learningRate, globalStep, initialGradientSquaredAccumulatorValue = 0.1,
 * l1RegularizationStrength = 0, l2RegularizationStrength = 0); slots 'gradient_accumulator' and
 * 'gradient_squared_accumulator'. `globalStep` (a scalar Variable, usually also passed to minimize) is required:
 * the rule needs the step count.
 */
export class AdagradDAOptimizer extends Optimizer {
  private readonly init: number;

  constructor(learningRate: LearningRate | Partial<AdagradDAOptions>, ...rest: unknown[]) {
    const op = 'AdagradDAOptimizer';
    const a = parseArgs<AdagradDAOptions>(
      op,
      [learningRate, ...rest],
      ['learningRate', 'globalStep', 'initialGradientSquaredAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength', 'name'],
      { initialGradientSquaredAccumulatorValue: 0.1, l1RegularizationStrength: 0, l2RegularizationStrength: 0, name: 'AdagradDA' },
    );
    if (!(a.globalStep instanceof Tensor)) throw new ArgumentError(`${op}: 'globalStep' must be a scalar tensor or Variable`);
    super(a.name, { lr: a.learningRate, l1: a.l1RegularizationStrength, l2: a.l2RegularizationStrength, globalStep: a.globalStep });
    this.init = positive(op, 'initialGradientSquaredAccumulatorValue', a.initialGradientSquaredAccumulatorValue);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'gradient_accumulator', init: 0 }, { name: 'gradient_squared_accumulator', init: this.init }];
  }

  protected applyDense(_x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const t = raw.add(h.globalStep!, 1);
    const r = adagradDARule(g, s.gradient_accumulator!, s.gradient_squared_accumulator!, h.lr!, h.l1!, h.l2!, t);
    return { x: r.x, slots: { gradient_accumulator: r.ga, gradient_squared_accumulator: r.gsa } };
  }
}

export interface ProximalAdagradOptions {
  learningRate: LearningRate;
  initialAccumulatorValue: number;
  l1RegularizationStrength: LearningRate;
  l2RegularizationStrength: LearningRate;
  name: string;
}

/** tf.train.ProximalAdagradOptimizer(learningRate, initialAccumulatorValue = 0.1, l1 = 0, l2 = 0); slot 'accumulator'. */
export class ProximalAdagradOptimizer extends Optimizer {
  private readonly init: number;

  constructor(learningRate: LearningRate | Partial<ProximalAdagradOptions>, ...rest: unknown[]) {
    const op = 'ProximalAdagradOptimizer';
    const a = parseArgs<ProximalAdagradOptions>(
      op,
      [learningRate, ...rest],
      ['learningRate', 'initialAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength', 'name'],
      { initialAccumulatorValue: 0.1, l1RegularizationStrength: 0, l2RegularizationStrength: 0, name: 'ProximalAdagrad' },
    );
    super(a.name, { lr: a.learningRate, l1: a.l1RegularizationStrength, l2: a.l2RegularizationStrength });
    this.init = positive(op, 'initialAccumulatorValue', a.initialAccumulatorValue);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', init: this.init }];
  }

  protected applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const r = proximalAdagradRule(x, g, s.accumulator!, h.lr!, h.l1!, h.l2!);
    return { x: r.x, slots: { accumulator: r.a } };
  }
}
