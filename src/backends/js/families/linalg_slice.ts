// js kernels of the 'linalg_slice' family: [kernel name, implementation]. Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
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

export const kernels: [string, KernelFn][] = [
  [K.MatMul, matMul],
  [K.Transpose, transpose],
  [K.MatrixInverse, matrixInverse],
  [K.Concat, concat],
  [K.Split, split],
  [K.Slice, slice],
  [K.StridedSlice, stridedSlice],
  [K.StridedSliceGrad, stridedSliceGrad],
  [K.Tile, tile],
  [K.Pad, pad],
  [K.MirrorPad, mirrorPad],
  [K.MirrorPadGrad, mirrorPadGrad],
  [K.Reverse, reverse],
];
