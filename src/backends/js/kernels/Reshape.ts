import type { KernelFn, TensorInfo } from '../../../core/backend.js';

/** Reshape and Identity share the input's buffer: no copy. */
export const reshape: KernelFn = (inputs, attrs) => {
  const x = inputs[0] as TensorInfo;
  return { dataId: x.dataId, shape: [...(attrs.shape as number[])], dtype: x.dtype };
};

export const identity: KernelFn = (inputs) => {
  const x = inputs[0] as TensorInfo;
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
