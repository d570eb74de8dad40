/** tf.train.RMSPropOptimizer. */
import { ArgumentError } from '../../core/errors.js';
import { ApplyRMSProp } from '../../core/kernel_names.js';
import type { Tensor } from '../../core/tensor.js';
import * as raw from '../../ops/index.js';
import { applyKernel } from './apply_kernels.js';
import { Optimizer, parseArgs, type Hyper, type LearningRate, type Slots, type SlotSpec, type Update } from './optimizer.js';

/**
 * TF ApplyRMSProp / ApplyCenteredRMSProp (ms starts at 1, as TF 1.x's 'rms' slot):
 *   ms  <- ms + (g^2 - ms) * (1 - decay)
 *   mg  <- mg + (g - mg) * (1 - decay)                       (centered only)
 *   den  = ms + eps, or ms - mg^2 + eps when centered
 *   mom <- momentum * mom + lr * g / sqrt(den)
 *   x   <- x - mom
 */
export function rmspropRule(
  x: Tensor, g: Tensor, ms: Tensor, mom: Tensor, mg: Tensor | null,
  h: { lr: Tensor; decay: Tensor; momentum: Tensor; epsilon: Tensor },
): { x: Tensor; ms: Tensor; mom: Tensor; mg: Tensor | null } {
  const oneMinusDecay = raw.sub(1, h.decay);
  const ms1 = raw.add(ms, raw.mul(raw.sub(raw.square(g), ms), oneMinusDecay));
  const mg1 = mg ? raw.add(mg, raw.mul(raw.sub(g, mg), oneMinusDecay)) : null;
  const den = mg1 ? raw.add(raw.sub(ms1, raw.square(mg1)), h.epsilon) : raw.add(ms1, h.epsilon);
  const mom1 = raw.add(raw.mul(mom, h.momentum), raw.mul(raw.mul(raw.rsqrt(den), h.lr), g));
  return { x: raw.sub(x, mom1), ms: ms1, mom: mom1, mg: mg1 };
}

export interface RMSPropOptions {
  learningRate: LearningRate;
  decay: LearningRate;
  momentum: LearningRate;
  epsilon: LearningRate;
  centered: boolean;
  name: string;
}

/**
 * tf.train.RMSPropOptimizer(learningRate, decay = 0.9, momentum = 0, epsilon = 1e-10, {centered = false});
 * slots 'rms' (initialized to ones), 'mg' (centered only) and 'momentum', created in that order.
 */
export class RMSPropOptimizer extends Optimizer {
  private readonly centered: boolean;

  constructor(learningRate: LearningRate | Partial<RMSPropOptions>, ...rest: unknown[]) {
    const a = parseArgs<RMSPropOptions>('RMSPropOptimizer', [learningRate, ...rest], ['learningRate', 'decay', 'momentum', 'epsilon', 'centered', 'name'], {
      decay: 0.9,
      momentum: 0,
      epsilon: 1e-10,
      centered: false,
      name: 'RMSProp',
    });
    if (typeof a.centered !== 'boolean') throw new ArgumentError(`RMSPropOptimizer: 'centered' must be a boolean`);
    super(a.name, { lr: a.learningRate, decay: a.decay, momentum: a.momentum, epsilon: a.epsilon });
    this.centered = a.centered;
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'rms', init: 1 }, ...(this.centered ? [{ name: 'mg', init: 0 }] : []), { name: 'momentum', init: 0 }];
  }

  protected applyDense(x: Tensor, g: Tensor, s: Slots, h: Hyper): Update {
    const inputs = [x, s.rms!, s.momentum!, g, h.lr!, h.decay!, h.momentum!, h.epsilon!, ...(this.centered ? [s.mg!] : [])];
    const fused = applyKernel(ApplyRMSProp, inputs, this.centered ? 4 : 3, { centered: this.centered, inPlace: this.inPlace });
    if (fused) return { x: fused[0]!, slots: { rms: fused[1]!, momentum: fused[2]!, ...(this.centered ? { mg: fused[3]! } : {}) } };
    const r = rmspropRule(x, g, s.rms!, s.momentum!, this.centered ? s.mg! : null, h as Parameters<typeof rmspropRule>[5]);
    return { x: r.x, slots: { rms: r.ms, momentum: r.mom, ...(r.mg ? { mg: r.mg } : {}) } };
  }
}
