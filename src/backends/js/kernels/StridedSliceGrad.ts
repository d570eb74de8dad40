import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridedSliceSpec } from '../../../core/strided_slice_spec.js';
import { asJs } from '../backend_js.js';
import { affineMaps, scatterMapped } from './index_map.js';

/**
 * StridedSliceGrad: zeros of attrs.shape with dy written at the positions StridedSlice read. A strided slice
 * reads each input cell at most once, so plain assignment is exact (no accumulation needed).
 */
export const stridedSliceGrad: KernelFn<'StridedSliceGrad'> = (inputs, attrs, backend) => {
  const dy = inputs[0] as TensorInfo;
  const shape = attrs.shape;
  const spec = stridedSliceSpec(shape, attrs, 'StridedSliceGrad');
  const js = asJs(backend);
  const [out, o] = js.makeOutput(shape, dy.dtype);
  scatterMapped(js.readSync(dy.dataId), o, spec.size, affineMaps(shape, spec.size, spec.begin, spec.strides), false);
  return out;
};
