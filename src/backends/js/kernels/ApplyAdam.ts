import type { KernelFn } from '../../../core/backend.js';
import { arr, cowOutput, scalarOf } from './apply_util.js';

/**
 * ApplyAdam (inputs var, m, v, grad, lr, beta1, beta2, epsilon, beta1Power, beta2Power), TF 1.x:
 *   lr_t = lr sqrt(1 - beta2Power) / (1 - beta1Power)
 *   m' = m + (g - m)(1 - beta1);  v' = v + (g^2 - v)(1 - beta2);  var' = var - lr_t m' / (sqrt(v') + epsilon)
 */
export const applyAdam: KernelFn<'ApplyAdam'> = (inputs, attrs, backend) => {
  const [x, m, v, g] = inputs;
  const [lr, b1, b2, eps, p1, p2] = inputs.slice(4).map((t) => scalarOf(backend, t)) as [number, number, number, number, number, number];
  const inPlace = attrs.inPlace === true;
  const [outX, ox] = cowOutput(backend, x!, inPlace);
  const [outM, om] = cowOutput(backend, m!, inPlace);
  const [outV, ov] = cowOutput(backend, v!, inPlace);
  const xv = arr(backend, x!), mv = arr(backend, m!), vv = arr(backend, v!), gv = arr(backend, g!);
  const lrT = (lr * Math.sqrt(1 - p2)) / (1 - p1);
  for (let i = 0; i < ox.length; i++) {
    const gi = gv[i]!;
    const m1 = mv[i]! + (gi - mv[i]!) * (1 - b1);
    const v1 = vv[i]! + (gi * gi - vv[i]!) * (1 - b2);
    ox[i] = xv[i]! - (m1 * lrT) / (Math.sqrt(v1) + eps);
    om[i] = m1;
    ov[i] = v1;
  }
  return [outX, outM, outV];
};
