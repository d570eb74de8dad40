import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { stridedSliceSpec } from '../../../core/strided_slice_spec.js';
import { asJs } from '../backend_js.js';
import { affineMaps, gatherMapped } from './index_map.js';

/**
 * StridedSlice: resolve the TF spec to (begin, stride, size) per input dim, gather that affine window in the
 * processing shape `size`, and label the result with the output shape (shrunk dims and new axes are size 1, so
 * the element order is the same). Any dtype.
 */
export const stridedSlice: KernelFn<'StridedSlice'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const spec = stridedSliceSpec(x.shape, attrs, 'StridedSlice');
  const js = asJs(backend);
  const [out, o] = js.makeOutput(spec.outShape, x.dtype);
  gatherMapped(js.readSync(x.dataId), o, spec.size, affineMaps(x.shape, spec.size, spec.begin, spec.strides));
  return out;
};
