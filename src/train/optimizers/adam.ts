/** tf.train.AdamOptimizer and AdamWOptimizer (decoupled weight decay). */
import { ArgumentError } from '../../core/errors.js';
import { ApplyAdam } from '../../core/kernel_names.js';
import type { Tensor } from '../../core/tensor.js';
import type { Variable } from '../../core/variable.js';
import * as raw from '../../ops/index.js';
import type { DedupedSlices } from './indexed_slices.js';
import { applyKernel } from './apply_kernels.js';
import { gatherRows, scatterRows } from './indexed_slices.js';
import { Optimizer, parseArgs, type Hyper, type LearningRate, type Slots, type SlotSpec, type Update, type VarAccess } from './optimizer.js';

/**
 * TF 1.x ApplyAdam, with p1 = beta1^t and p2 = beta2^t held in the non-slot variables beta1_power/beta2_power:
 *   lr_t = lr * sqrt(1 - p2) / (1 - p1)
 *   m <- m + (g - m) * (1 - beta1)
 *   v <- v + (g^2 - v) * (1 - beta2)
 *   x <- x - lr_t * m / (sqrt(v) + epsilon)          (epsilon outside the square root, as TF 1.x)
 */
export function adamRule(
  x: Tensor, g: Tensor, m: Tensor, v: Tensor,
  h: { lr: Tensor; beta1: Tensor; beta2: Tensor; epsilon: Tensor; beta1Power: Tensor; beta2Power: Tensor },
): { x: Tensor; m: Tensor; v: Tensor } {
  const lrT = raw.div(raw.mul(h.lr, raw.sqrt(raw.sub(1, h.beta2Power))), raw.sub(1, h.beta1Power));
  const m1 = raw.add(m, raw.mul(raw.sub(g, m), raw.sub(1, h.beta1)));
  const v1 = raw.add(v, raw.mul(raw.sub(raw.square(g), v), raw.sub(1, h.beta2)));
  const x1 = raw.sub(x, raw.div(raw.mul(m1, lrT), raw.add(raw.sqrt(v1), h.epsilon)));
  return { x: x1, m: m1, v: v1 };
}

export interface AdamOptions {
  learningRate: LearningRate;
  beta1: number;
  beta2: number;
  epsilon: LearningRate;
  name: string;
}

function beta(op: string, name: string, b: unknown): number {
  if (typeof b !== 'number' || !(b >= 0 && b < 1)) throw new ArgumentError(`${op}: '${name}' must be a number in [0, 1), got ${String(b)}`);
  return b;
}

/**
 * tf.train.AdamOptimizer(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8); slots 'm' and 'v';
 * non-slot variables 'beta1_power' and 'beta2_power' (one pair per graph, advanced once per update operation).
 * A sparse gradient decays m and v everywhere and moves every row, as TF 1.x's Adam._apply_sparse does.
 */
export class AdamOptimizer extends Optimizer {
  protected readonly beta1: number;
  protected readonly beta2: number;

  constructor(learningRate?: LearningRate | Partial<AdamOptions>, ...rest: unknown[]) {
    const a = parseArgs<AdamOptions>('AdamOptimizer', [learningRate, ...rest], ['learningRate', 'beta1', 'beta2', 'epsilon', 'name'], ADAM_DEFAULTS);
    super(a.name, { lr: a.learningRate, epsilon: a.epsilon, beta1: beta('AdamOptimizer', 'beta1', a.beta1), beta2: beta('AdamOptimizer', 'beta2', a.beta2) });
    this.beta1 = a.beta1;
    this.beta2 = a.beta2;
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'm', init: 0 }, { name: 'v', init: 0 }];
  }

  protected override nonSlotSpecs(): Record<string, number> {
    return { beta1_power: this.beta1, beta2_power: this.beta2 };
  }

  protected override stepValues(access: VarAccess, ns: Record<string, Variable>): Record<string, Tensor> {
    return { beta1Power: access.read(ns.beta1_power!), beta2Power: access.read(ns.beta2_power!) };
  }

  protected override finish(access: VarAccess, ns: Record<string, Variable>): void {
    access.write(ns.beta1_power!, raw.mul(access.read(ns.beta1_power!), this.beta1));
    access.write(ns.beta2_power!, raw.mul(access.read(ns.beta2_power!), this.beta2));
  }

  protected applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    return this.adamStep(x, g, s, h);
  }

  protected override applySparse(x: Tensor, g: DedupedSlices, s: Slots, h: Hyper): Update {
    return this.adamStep(x, raw.scatterND(raw.reshape(g.indices, [g.count, 1]), g.values, x.shape), s, h);
  }

  /** The Adam step alone (AdamW adds its decay around it). */
  protected adamStep(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const fused = applyKernel(ApplyAdam, [x, s.m!, s.v!, g, h.lr!, h.beta1!, h.beta2!, h.epsilon!, h.beta1Power!, h.beta2Power!], 3, { inPlace: this.inPlace });
    if (fused) return { x: fused[0]!, slots: { m: fused[1]!, v: fused[2]! } };
    const r = adamRule(x, g, s.m!, s.v!, h as Parameters<typeof adamRule>[4]);
    return { x: r.x, slots: { m: r.m, v: r.v } };
  }
}

const ADAM_DEFAULTS = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, name: 'Adam' };

export interface AdamWOptions extends AdamOptions {
  weightDecay: LearningRate;
  /** true (default): x <- x - lr * weightDecay * x. false: x <- x - weightDecay * x (TF contrib's exact rule). */
  scaleDecayByLearningRate: boolean;
}

/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"), argument order of TF contrib's
 * AdamWOptimizer(weightDecay, learningRate = 0.001, beta1, beta2, epsilon). Each step is exactly:
 *   x' = x - lr * weightDecay * x          (decay first, from the value before the step; lr is the raw rate)
 *   x  <- Adam step of x' with the gradient g computed at x (m, v and lr_t as AdamOptimizer)
 * With scaleDecayByLearningRate = false the decay is x' = x - weightDecay * x, TF contrib's rule (there the
 * user schedules weightDecay together with the learning rate). A sparse gradient decays only the touched rows,
 * as contrib's _decay_weights_sparse_op. Slots and non-slot variables are Adam's.
 */
export class AdamWOptimizer extends AdamOptimizer {
  private readonly scaleByLr: boolean;

  constructor(weightDecay: LearningRate | Partial<AdamWOptions>, ...rest: unknown[]) {
    const op = 'AdamWOptimizer';
    const a = parseArgs<AdamWOptions>(op, [weightDecay, ...rest], ['weightDecay', 'learningRate', 'beta1', 'beta2', 'epsilon', 'name', 'scaleDecayByLearningRate'], {
      ...ADAM_DEFAULTS,
      name: 'AdamW',
      scaleDecayByLearningRate: true,
    });
    if (typeof a.scaleDecayByLearningRate !== 'boolean') throw new ArgumentError(`${op}: 'scaleDecayByLearningRate' must be a boolean`);
    super({ learningRate: a.learningRate, beta1: a.beta1, beta2: a.beta2, epsilon: a.epsilon, name: a.name });
    this.setHyper('weightDecay', a.weightDecay);
    this.scaleByLr = a.scaleDecayByLearningRate;
  }

  private decayCoef(h: Hyper): Tensor {
    return this.scaleByLr ? raw.mul(h.lr!, h.weightDecay!) : h.weightDecay!;
  }

  protected override applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    return this.adamStep(raw.sub(x, raw.mul(this.decayCoef(h), x)), g, s, h);
  }

  protected override applySparse(x: Tensor, g: DedupedSlices, s: Slots, h: Hyper): Update {
    const rows = gatherRows(x, g.indices);
    const decayed = scatterRows(x, g.indices, raw.sub(rows, raw.mul(this.decayCoef(h), rows)));
    return this.adamStep(decayed, raw.scatterND(raw.reshape(g.indices, [g.count, 1]), g.values, x.shape), s, h);
  }
}
