/**
 * Gradients of Conv3D and of its two adjoint kernels: the same trilinear-form argument as Conv2D_grad.ts,
 * one spatial dim more.
 */
import type { Attrs } from '../core/backend.js';
import type { GradConfig } from '../core/gradients.js';
import { Conv3D, Conv3DBackpropFilter, Conv3DBackpropInput } from '../core/kernel_names.js';
import { conv3d, conv3dBackpropFilter, conv3dBackpropInput, type Conv3DOptions } from '../ops/conv3d.js';
import { padsToPairs } from '../ops/conv_util.js';

/** The forward conv's strides, explicit padding and options, from a kernel's attrs. */
function geometry(attrs: Attrs): [number[], number[][], Conv3DOptions] {
  return [
    attrs.strides as number[],
    padsToPairs(attrs.pads as number[]),
    { dataFormat: attrs.dataFormat as Conv3DOptions['dataFormat'], dilations: attrs.dilations as number[], groups: attrs.groups as number },
  ];
}

export const conv3dGrad: GradConfig = {
  kernelName: Conv3D,
  gradFunc: ([dy], [x, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3dBackpropInput(x!.shape, dy!, w!, s, p, o), () => conv3dBackpropFilter(x!, dy!, w!.shape, s, p, o)];
  },
};

export const conv3dBackpropInputGrad: GradConfig = {
  kernelName: Conv3DBackpropInput,
  gradFunc: ([g], [dy, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3d(g!, w!, s, p, o), () => conv3dBackpropFilter(g!, dy!, w!.shape, s, p, o)];
  },
};

export const conv3dBackpropFilterGrad: GradConfig = {
  kernelName: Conv3DBackpropFilter,
  gradFunc: ([g], [x, dy], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3dBackpropInput(x!.shape, dy!, g!, s, p, o), () => conv3d(x!, g!, s, p, o)];
  },
};
