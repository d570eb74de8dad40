// js kernels of the 'linalg_slice' family: [kernel name, implementation]. Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { matMul } from '../kernels/MatMul.js';
import { transpose } from '../kernels/Transpose.js';
import { matrixInverse } from '../kernels/MatrixInverse.js';
import { concat } from '../kernels/Concat.js';
import { split } from '../kernels/Split.js';
import { slice } from '../kernels/Slice.js';
import { stridedSlice } from '../kernels/StridedSlice.js';
import { stridedSliceGrad } from '../kernels/StridedSliceGrad.js';
import { tile } from '../kernels/Tile.js';
import { pad } from '../kernels/Pad.js';
import { mirrorPad } from '../kernels/MirrorPad.js';
import { mirrorPadGrad } from '../kernels/MirrorPadGrad.js';
import { reverse } from '../kernels/Reverse.js';

export const kernels: KernelEntry[] = [
  kernel(K.MatMul, matMul),
  kernel(K.Transpose, transpose),
  kernel(K.MatrixInverse, matrixInverse),
  kernel(K.Concat, concat),
  kernel(K.Split, split),
  kernel(K.Slice, slice),
  kernel(K.StridedSlice, stridedSlice),
  kernel(K.StridedSliceGrad, stridedSliceGrad),
  kernel(K.Tile, tile),
  kernel(K.Pad, pad),
  kernel(K.MirrorPad, mirrorPad),
  kernel(K.MirrorPadGrad, mirrorPadGrad),
  kernel(K.Reverse, reverse),
];
