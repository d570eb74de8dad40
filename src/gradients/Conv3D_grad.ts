/**
 * Gradients of Conv3D and of its two adjoint kernels: the same trilinear-form argument as Conv2D_grad.ts,
 * one spatial dim more.
 */
import type { GradConfig } from '../core/gradients.js';
import type { ConvAttrs, DataFormat3D } from '../core/kernel_attrs.js';
import { Conv3D, Conv3DBackpropFilter, Conv3DBackpropInput } from '../core/kernel_names.js';
import { conv3d, conv3dBackpropFilter, conv3dBackpropInput, type Conv3DOptions } from '../ops/conv3d.js';
import { padsToPairs } from '../ops/conv_util.js';

/** The forward conv's strides, explicit padding and options, from a kernel's attrs. */
function geometry(attrs: ConvAttrs<DataFormat3D>): [number[], number[][], Conv3DOptions] {
  return [
    attrs.strides,
    padsToPairs(attrs.pads),
    { dataFormat: attrs.dataFormat, dilations: attrs.dilations, groups: attrs.groups },
  ];
}

export const conv3dGrad: GradConfig<'Conv3D'> = {
  kernelName: Conv3D,
  gradFunc: ([dy], [x, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3dBackpropInput(x!.shape, dy!, w!, s, p, o), () => conv3dBackpropFilter(x!, dy!, w!.shape, s, p, o)];
  },
};

export const conv3dBackpropInputGrad: GradConfig<'Conv3DBackpropInput'> = {
  kernelName: Conv3DBackpropInput,
  gradFunc: ([g], [dy, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3d(g!, w!, s, p, o), () => conv3dBackpropFilter(g!, dy!, w!.shape, s, p, o)];
  },
};

export const conv3dBackpropFilterGrad: GradConfig<'Conv3DBackpropFilter'> = {
  kernelName: Conv3DBackpropFilter,
  gradFunc: ([g], [x, dy], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv3dBackpropInput(x!.shape, dy!, g!, s, p, o), () => conv3d(x!, g!, s, p, o)];
  },
};
