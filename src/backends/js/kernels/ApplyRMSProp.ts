import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { arr, cowOutput, scalarOf } from './apply_util.js';

/**
 * ApplyRMSProp (inputs var, ms, mom, grad, lr, decay, momentum, epsilon, then mg when centered):
 *   ms' = ms + (g^2 - ms)(1 - decay);  mg' = mg + (g - mg)(1 - decay)
 *   mom' = mom momentum + lr g / sqrt(ms' + epsilon)   (centered: sqrt(ms' - mg'^2 + epsilon))
 *   var' = var - mom'
 */
export const applyRMSProp: KernelFn<'ApplyRMSProp'> = (inputs, attrs, backend) => {
  const [x, ms, mom, g] = inputs;
  const [lr, decay, momentum, eps] = inputs.slice(4, 8).map((t) => scalarOf(backend, t)) as [number, number, number, number];
  const centered = attrs.centered === true;
  const inPlace = attrs.inPlace === true;
  const [outX, ox] = cowOutput(backend, x!, inPlace);
  const [outS, os] = cowOutput(backend, ms!, inPlace);
  const [outM, om] = cowOutput(backend, mom!, inPlace);
  const mgIn = centered ? inputs[8] : undefined;
  const mg = mgIn ? cowOutput(backend, mgIn, inPlace) : null;
  const xv = arr(backend, x!), sv = arr(backend, ms!), mv = arr(backend, mom!), gv = arr(backend, g!);
  const gav = mgIn ? arr(backend, mgIn) : null;
  for (let i = 0; i < ox.length; i++) {
    const gi = gv[i]!;
    const s1 = sv[i]! + (gi * gi - sv[i]!) * (1 - decay);
    let den = s1 + eps;
    if (gav && mg) {
      const g1 = gav[i]! + (gi - gav[i]!) * (1 - decay);
      mg[1][i] = g1;
      den = s1 - g1 * g1 + eps;
    }
    const m1 = mv[i]! * momentum + (lr * gi) / Math.sqrt(den);
    ox[i] = xv[i]! - m1;
    os[i] = s1;
    om[i] = m1;
  }
  return [outX, outS, outM, ...(mg ? [mg[0]] : [])] as TensorInfo[];
};
