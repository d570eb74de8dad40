// Gradients of the 'conv' family. Registered by ../register_all.ts.
// conv1d, depthwiseConv2d and conv2dTranspose/conv3dTranspose are composites of these kernels.
import type { AnyGradConfig } from '../../core/gradients.js';
import { conv2dBackpropFilterGrad, conv2dBackpropInputGrad, conv2dGrad } from '../Conv2D_grad.js';
import { conv3dBackpropFilterGrad, conv3dBackpropInputGrad, conv3dGrad } from '../Conv3D_grad.js';

export const grads: AnyGradConfig[] = [
  conv2dGrad, conv2dBackpropInputGrad, conv2dBackpropFilterGrad,
  conv3dGrad, conv3dBackpropInputGrad, conv3dBackpropFilterGrad,
];
