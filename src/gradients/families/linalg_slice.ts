// Gradients of the 'linalg_slice' family. Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import { matMulGrad } from '../MatMul_grad.js';
import { transposeGrad } from '../Transpose_grad.js';
import { matrixInverseGrad } from '../MatrixInverse_grad.js';
import { concatGrad } from '../Concat_grad.js';
import { splitGrad } from '../Split_grad.js';
import { sliceGrad } from '../Slice_grad.js';
import { stridedSliceGradConfig, stridedSliceGradGrad } from '../StridedSlice_grad.js';
import { tileGrad } from '../Tile_grad.js';
import { padGrad } from '../Pad_grad.js';
import { mirrorPadGradConfig, mirrorPadGradGrad } from '../MirrorPad_grad.js';
import { reverseGrad } from '../Reverse_grad.js';

export const grads: AnyGradConfig[] = [
  matMulGrad,
  transposeGrad,
  matrixInverseGrad,
  concatGrad,
  splitGrad,
  sliceGrad,
  stridedSliceGradConfig,
  stridedSliceGradGrad,
  tileGrad,
  padGrad,
  mirrorPadGradConfig,
  mirrorPadGradGrad,
  reverseGrad,
];
