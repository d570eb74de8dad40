import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';
import { poolOutShape, type PoolAttrs } from '../../kernel_shapes.js';

const nchwOf = (a: PoolAttrs) => a.dataFormat === 'NCHW';

function poolKernel(max: boolean): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const a = attrs as unknown as PoolAttrs;
    const nb = asNative(backend);
    const outShape = poolOutShape(x.shape, a);
    const [out, o] = nb.makeOutputUninit(outShape);
    (max ? nb.binding.maxPool : nb.binding.avgPool).call(nb.binding, nb.f32(x), x.shape, o, outShape, a.ksize, a.strides, a.pads, nchwOf(a));
    return out;
  };
}

/** MaxPool / AvgPool (2-D): windows clipped to the input, as the js reference. */
export const maxPool = poolKernel(true);
export const avgPool = poolKernel(false);

/** MaxPoolGrad: inputs x, y (unused: the argmax is recomputed from x), dy. */
export const maxPoolGrad: KernelFn = (inputs, attrs, backend) => {
  const [x, , dy] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const a = attrs as unknown as PoolAttrs;
  const nb = asNative(backend);
  const [out, o] = nb.makeOutputUninit(x.shape);
  nb.binding.maxPoolGrad(nb.f32(x), x.shape, nb.f32(dy), dy.shape, o, x.shape, a.ksize, a.strides, a.pads, nchwOf(a));
  return out;
};

/** AvgPoolGrad: input dy, attr inShape (the forward input's shape). */
export const avgPoolGrad: KernelFn = (inputs, attrs, backend) => {
  const dy = inputs[0] as TensorInfo;
  const a = attrs as unknown as PoolAttrs & { inShape: number[] };
  const nb = asNative(backend);
  const [out, o] = nb.makeOutputUninit(a.inShape);
  nb.binding.avgPoolGrad(nb.f32(dy), dy.shape, o, a.inShape, a.ksize, a.strides, a.pads, nchwOf(a));
  return out;
};
