import type { GradConfig } from '../core/gradients.js';
import { MirrorPad, MirrorPadGrad } from '../core/kernel_names.js';
import { mirrorPad, mirrorPadGrad } from '../ops/pad.js';


/** Each input cell receives the sum of dy over every output cell that copied it. */
export const mirrorPadGradConfig: GradConfig<'MirrorPad'> = {
  kernelName: MirrorPad,
  gradFunc: ([dy], _inputs, _outputs, attrs) => [() => mirrorPadGrad(dy!, attrs.paddings, attrs.mode)],
};

/** MirrorPadGrad is linear and its adjoint is the mirror pad itself (second-order gradients). */
export const mirrorPadGradGrad: GradConfig<'MirrorPadGrad'> = {
  kernelName: MirrorPadGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => [() => mirrorPad(ddx!, attrs.paddings, attrs.mode)],
};
