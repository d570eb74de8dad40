/**
 * Gradients of the pooling kernels, written with the pooling gradient ops. The resolved pads travel as explicit
 * [before, after] pairs, which reproduce the forward output shape exactly (also for 'SAME').
 */
import type { GradConfig } from '../core/gradients.js';
import type { PoolAttrs } from '../core/kernel_attrs.js';
import * as K from '../core/kernel_names.js';
import { avgPool, avgPool3d, avgPool3dGrad, avgPoolGrad, maxPool3dGrad, maxPoolGrad } from '../ops/pool.js';

function pairs({ pads: p }: PoolAttrs): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < p.length; i += 2) out.push([p[i]!, p[i + 1]!]);
  return out;
}

export const maxPoolGradConfig: GradConfig<'MaxPool'> = {
  kernelName: K.MaxPool,
  gradFunc: ([dy], [x], [y], attrs) => [
    () => maxPoolGrad(x!, y!, dy!, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};

export const maxPool3DGradConfig: GradConfig<'MaxPool3D'> = {
  kernelName: K.MaxPool3D,
  gradFunc: ([dy], [x], [y], attrs) => [
    () => maxPool3dGrad(x!, y!, dy!, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};

export const avgPoolGradConfig: GradConfig<'AvgPool'> = {
  kernelName: K.AvgPool,
  gradFunc: ([dy], [x], _y, attrs) => [
    () => avgPoolGrad(dy!, x!.shape, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};

export const avgPool3DGradConfig: GradConfig<'AvgPool3D'> = {
  kernelName: K.AvgPool3D,
  gradFunc: ([dy], [x], _y, attrs) => [
    () => avgPool3dGrad(dy!, x!.shape, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};

/** AvgPoolGrad is linear in dy: its adjoint is average pooling of the incoming gradient (second order). */
export const avgPoolGradGradConfig: GradConfig<'AvgPoolGrad'> = {
  kernelName: K.AvgPoolGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => [
    () => avgPool(ddx!, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};

export const avgPool3DGradGradConfig: GradConfig<'AvgPool3DGrad'> = {
  kernelName: K.AvgPool3DGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => [
    () => avgPool3d(ddx!, attrs.ksize, attrs.strides, pairs(attrs), { dataFormat: attrs.dataFormat }),
  ],
};
