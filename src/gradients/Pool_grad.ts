/**
 * Gradients of the pooling kernels, written with the pooling gradient ops. The resolved pads travel as explicit
 * [before, after] pairs, which reproduce the forward output shape exactly (also for 'SAME').
 */
import type { Attrs } from '../core/backend.js';
import type { GradConfig } from '../core/gradients.js';
import * as K from '../core/kernel_names.js';
import { avgPool, avgPool3d, avgPool3dGrad, avgPoolGrad, maxPool3dGrad, maxPoolGrad } from '../ops/pool.js';
import type { PoolDataFormat2D, PoolDataFormat3D } from '../ops/pool_util.js';

function pairs(attrs: Attrs): [number, number][] {
  const p = attrs.pads as number[];
  const out: [number, number][] = [];
  for (let i = 0; i < p.length; i += 2) out.push([p[i]!, p[i + 1]!]);
  return out;
}

export const maxPoolGradConfig: GradConfig = {
  kernelName: K.MaxPool,
  gradFunc: ([dy], [x], [y], attrs) => [
    () => maxPoolGrad(x!, y!, dy!, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat2D }),
  ],
};

export const maxPool3DGradConfig: GradConfig = {
  kernelName: K.MaxPool3D,
  gradFunc: ([dy], [x], [y], attrs) => [
    () => maxPool3dGrad(x!, y!, dy!, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat3D }),
  ],
};

export const avgPoolGradConfig: GradConfig = {
  kernelName: K.AvgPool,
  gradFunc: ([dy], [x], _y, attrs) => [
    () => avgPoolGrad(dy!, x!.shape, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat2D }),
  ],
};

export const avgPool3DGradConfig: GradConfig = {
  kernelName: K.AvgPool3D,
  gradFunc: ([dy], [x], _y, attrs) => [
    () => avgPool3dGrad(dy!, x!.shape, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat3D }),
  ],
};

/** AvgPoolGrad is linear in dy: its adjoint is average pooling of the incoming gradient (second order). */
export const avgPoolGradGradConfig: GradConfig = {
  kernelName: K.AvgPoolGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => [
    () => avgPool(ddx!, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat2D }),
  ],
};

export const avgPool3DGradGradConfig: GradConfig = {
  kernelName: K.AvgPool3DGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => [
    () => avgPool3d(ddx!, attrs.ksize as number[], attrs.strides as number[], pairs(attrs), { dataFormat: attrs.dataFormat as PoolDataFormat3D }),
  ],
};
