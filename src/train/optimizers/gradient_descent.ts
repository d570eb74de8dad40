/** Plain and proximal gradient descent (tf.train.GradientDescentOptimizer, ProximalGradientDescentOptimizer). */
import { ApplyGradientDescent } from '../../core/kernel_names.js';
import type { Tensor } from '../../core/tensor.js';
import * as raw from '../../ops/index.js';
import { applyKernel } from './apply_kernels.js';
import { Optimizer, parseArgs, type Hyper, type LearningRate, type SlotSpec, type Update } from './optimizer.js';

/** x <- x - lr * g  (TF ApplyGradientDescent). */
export function gradientDescentRule(x: Tensor, g: Tensor, lr: Tensor): Tensor {
  return raw.sub(x, raw.mul(lr, g));
}

/**
 * TF ApplyProximalGradientDescent (FOBOS):
 *   p <- x - lr * g;  x <- sign(p) * max(|p| - lr * l1, 0) / (1 + lr * l2).
 * TF branches on l1 > 0; with l1 = 0 the shrink is sign(p) * |p| = p exactly, so one formula serves both.
 */
export function proximalGradientDescentRule(x: Tensor, g: Tensor, lr: Tensor, l1: Tensor, l2: Tensor): Tensor {
  const p = raw.sub(x, raw.mul(lr, g));
  const shrunk = raw.mul(raw.sign(p), raw.maximum(raw.sub(raw.abs(p), raw.mul(lr, l1)), 0));
  return raw.div(shrunk, raw.add(1, raw.mul(lr, l2)));
}

export interface GradientDescentOptions {
  learningRate: LearningRate;
  name: string;
}

/** tf.train.GradientDescentOptimizer(learningRate, {name = 'GradientDescent'}). */
export class GradientDescentOptimizer extends Optimizer {
  constructor(learningRate: LearningRate | Partial<GradientDescentOptions>, opts?: Partial<Omit<GradientDescentOptions, 'learningRate'>>) {
    const a = parseArgs<GradientDescentOptions>('GradientDescentOptimizer', [learningRate, opts], ['learningRate', 'name'], { name: 'GradientDescent' });
    super(a.name, { lr: a.learningRate });
  }

  protected slotSpecs(): SlotSpec[] {
    return [];
  }

  protected applyDense(x: Tensor, g: Tensor, _slots: Record<string, Tensor>, h: Hyper): Update {
    const fused = applyKernel(ApplyGradientDescent, [x, g, h.lr!], 1, { inPlace: this.inPlace });
    return { x: fused ? fused[0]! : gradientDescentRule(x, g, h.lr!), slots: {} };
  }
}

export interface ProximalGradientDescentOptions {
  learningRate: LearningRate;
  l1RegularizationStrength: LearningRate;
  l2RegularizationStrength: LearningRate;
  name: string;
}

/** tf.train.ProximalGradientDescentOptimizer(learningRate, {l1RegularizationStrength = 0, l2RegularizationStrength = 0}). */
export class ProximalGradientDescentOptimizer extends Optimizer {
  constructor(learningRate: LearningRate | Partial<ProximalGradientDescentOptions>, ...rest: unknown[]) {
    const a = parseArgs<ProximalGradientDescentOptions>(
      'ProximalGradientDescentOptimizer',
      [learningRate, ...rest],
      ['learningRate', 'l1RegularizationStrength', 'l2RegularizationStrength', 'name'],
      { l1RegularizationStrength: 0, l2RegularizationStrength: 0, name: 'ProximalGradientDescent' },
    );
    super(a.name, { lr: a.learningRate, l1: a.l1RegularizationStrength, l2: a.l2RegularizationStrength });
  }

  protected slotSpecs(): SlotSpec[] {
    return [];
  }

  protected applyDense(x: Tensor, g: Tensor, _slots: Record<string, Tensor>, h: Hyper): Update {
    return { x: proximalGradientDescentRule(x, g, h.lr!, h.l1!, h.l2!), slots: {} };
  }
}
