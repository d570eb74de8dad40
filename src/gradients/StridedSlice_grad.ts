import type { GradConfig } from '../core/gradients.js';
import { StridedSlice, StridedSliceGrad } from '../core/kernel_names.js';
import { stridedSlice, stridedSliceAttrs, stridedSliceGrad } from '../ops/strided_slice.js';

/** dy scattered back into zeros of x's shape at the sliced positions. */
export const stridedSliceGradConfig: GradConfig<'StridedSlice'> = {
  kernelName: StridedSlice,
  gradFunc: ([dy], [x], _outputs, attrs) => [() => stridedSliceGrad(dy!, x!.shape, stridedSliceAttrs(attrs))],
};

/** StridedSliceGrad is linear; its adjoint is the strided slice itself (second-order gradients). */
export const stridedSliceGradGrad: GradConfig<'StridedSliceGrad'> = {
  kernelName: StridedSliceGrad,
  gradFunc: ([ddx], _inputs, _outputs, attrs) => {
    const { begin, end, strides, ...masks } = stridedSliceAttrs(attrs);
    return [() => stridedSlice(ddx!, begin, end, strides, masks)];
  },
};
