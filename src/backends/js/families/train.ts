// js kernels of the 'train' family (optimizer updates, TF's Apply*): [kernel name, implementation].
// Registered by ../register.ts. These kernels have no gradients.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { applyGradientDescent } from '../kernels/ApplyGradientDescent.js';
import { applyMomentum } from '../kernels/ApplyMomentum.js';
import { applyAdam } from '../kernels/ApplyAdam.js';
import { applyRMSProp } from '../kernels/ApplyRMSProp.js';
import { applyAdagrad } from '../kernels/ApplyAdagrad.js';

export const kernels: KernelEntry[] = [
  kernel(K.ApplyGradientDescent, applyGradientDescent),
  kernel(K.ApplyMomentum, applyMomentum),
  kernel(K.ApplyAdam, applyAdam),
  kernel(K.ApplyRMSProp, applyRMSProp),
  kernel(K.ApplyAdagrad, applyAdagrad),
];
