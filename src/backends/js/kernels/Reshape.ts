import type { KernelFn, TensorInfo } from '../../../core/backend.js';

/** Reshape and Identity share the input's buffer: no copy. */
export const reshape: KernelFn<'Reshape'> = (inputs, attrs) => {
  const x = inputs[0] as TensorInfo;
  return { dataId: x.dataId, shape: [...(attrs.shape)], dtype: x.dtype };
};

export const identity: KernelFn<'Identity' | 'StopGradient'> = (inputs) => {
  const x = inputs[0] as TensorInfo;
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
