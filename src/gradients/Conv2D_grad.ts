/**
 * Gradients of Conv2D and of its two adjoint kernels. All three kernels are slices of one trilinear form
 * T(x, w, dy) = <dy, conv2d(x, w)>, so every gradient is another of the three ops with the same geometry:
 *   Conv2D(x, w) = y:                 dx = backpropInput(dy, w)        dw = backpropFilter(x, dy)
 *   BackpropInput(dy, w) = dx, g=d/dx: d(dy) = conv2d(g, w)            dw = backpropFilter(g, dy)
 *   BackpropFilter(x, dy) = dw, G=d/dw: dx = backpropInput(dy, G)      d(dy) = conv2d(x, G)
 * Written with the public ops (padding passed as the kernel's resolved explicit pads), so second-order
 * gradients and graph mode work, and conv2dTranspose (= BackpropInput) is differentiable.
 */
import type { GradConfig } from '../core/gradients.js';
import type { ConvAttrs, DataFormat2D } from '../core/kernel_attrs.js';
import { Conv2D, Conv2DBackpropFilter, Conv2DBackpropInput } from '../core/kernel_names.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, type Conv2DOptions } from '../ops/conv2d.js';
import { padsToPairs } from '../ops/conv_util.js';

/** The forward conv's strides, explicit padding and options, from a kernel's attrs. */
function geometry(attrs: ConvAttrs<DataFormat2D>): [number[], number[][], Conv2DOptions] {
  return [
    attrs.strides,
    padsToPairs(attrs.pads),
    { dataFormat: attrs.dataFormat, dilations: attrs.dilations, groups: attrs.groups },
  ];
}

export const conv2dGrad: GradConfig<'Conv2D'> = {
  kernelName: Conv2D,
  gradFunc: ([dy], [x, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv2dBackpropInput(x!.shape, dy!, w!, s, p, o), () => conv2dBackpropFilter(x!, dy!, w!.shape, s, p, o)];
  },
};

export const conv2dBackpropInputGrad: GradConfig<'Conv2DBackpropInput'> = {
  kernelName: Conv2DBackpropInput,
  gradFunc: ([g], [dy, w], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv2d(g!, w!, s, p, o), () => conv2dBackpropFilter(g!, dy!, w!.shape, s, p, o)];
  },
};

export const conv2dBackpropFilterGrad: GradConfig<'Conv2DBackpropFilter'> = {
  kernelName: Conv2DBackpropFilter,
  gradFunc: ([g], [x, dy], _outputs, attrs) => {
    const [s, p, o] = geometry(attrs);
    return [() => conv2dBackpropInput(x!.shape, dy!, g!, s, p, o), () => conv2d(x!, g!, s, p, o)];
  },
};
