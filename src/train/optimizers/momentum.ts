/** tf.train.MomentumOptimizer. */
import type { Tensor } from '../../core/tensor.js';
import { ArgumentError } from '../../core/errors.js';
import { ApplyMomentum } from '../../core/kernel_names.js';
import * as raw from '../../ops/index.js';
import { applyKernel } from './apply_kernels.js';
import { Optimizer, parseArgs, type Hyper, type LearningRate, type Slots, type SlotSpec, type Update } from './optimizer.js';

/**
 * TF ApplyMomentum:
 *   a <- momentum * a + g
 *   x <- x - lr * a                              (useNesterov = false)
 *   x <- x - (lr * g + lr * momentum * a)        (useNesterov = true, with the new a)
 */
export function momentumRule(x: Tensor, g: Tensor, a: Tensor, lr: Tensor, momentum: Tensor, nesterov: boolean): { x: Tensor; a: Tensor } {
  const a1 = raw.add(raw.mul(a, momentum), g);
  const step = nesterov ? raw.add(raw.mul(g, lr), raw.mul(raw.mul(a1, momentum), lr)) : raw.mul(lr, a1);
  return { x: raw.sub(x, step), a: a1 };
}

export interface MomentumOptions {
  learningRate: LearningRate;
  momentum: LearningRate;
  useNesterov: boolean;
  name: string;
}

/** tf.train.MomentumOptimizer(learningRate, momentum, {useNesterov = false, name = 'Momentum'}); slot 'momentum'. */
export class MomentumOptimizer extends Optimizer {
  private readonly nesterov: boolean;

  constructor(learningRate: LearningRate | Partial<MomentumOptions>, ...rest: unknown[]) {
    const a = parseArgs<MomentumOptions>('MomentumOptimizer', [learningRate, ...rest], ['learningRate', 'momentum', 'useNesterov', 'name'], {
      useNesterov: false,
      name: 'Momentum',
    });
    if (typeof a.useNesterov !== 'boolean') throw new ArgumentError(`MomentumOptimizer: 'useNesterov' must be a boolean`);
    super(a.name, { lr: a.learningRate, momentum: a.momentum });
    this.nesterov = a.useNesterov;
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', init: 0 }];
  }

  protected applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const fused = applyKernel(ApplyMomentum, [x, s.momentum!, g, h.lr!, h.momentum!], 2, { useNesterov: this.nesterov, inPlace: this.inPlace });
    if (fused) return { x: fused[0]!, slots: { momentum: fused[1]! } };
    const r = momentumRule(x, g, s.momentum!, h.lr!, h.momentum!, this.nesterov);
    return { x: r.x, slots: { momentum: r.a } };
  }
}
