// The public ops, by family. Each family adds its export lines inside its own block.
// Everything exported here becomes `tl.<name>` (made graph-aware by scripts/gen-graph-ops.ts): list ops only.
// Shape-inference helpers (inferConv2dShape, gatherOutShape, ...) stay importable from their own files.
// ==== core ====
export * from './creation.js';
export * from './cast.js';
export { reshape } from './reshape.js';
export * from './broadcast_to.js';
// ==== end core
// ==== elementwise ====
export * from './arithmetic.js';
export * from './unary_math.js';
export * from './compare.js';
export * from './logical.js';
export { addN } from './add_n.js';
// ==== end elementwise
// ==== reduce_activation ====
export * from './reduction.js';
export * from './cumulative.js';
export * from './norm_moments.js';
export * from './activation.js';
export * from './softmax.js';
// ==== end reduce_activation
// ==== linalg_slice ====
export { matMul, matMulAsync, dot, outer } from './matmul.js';
export { transpose } from './transpose.js';
export { matrixInverse } from './matrix_inverse.js';
export { concat, stack, unstack, split } from './concat_split.js';
export { slice } from './slice.js';
export { stridedSlice } from './strided_slice.js';
export type { StridedSliceOptions } from './strided_slice.js';
export { tile } from './tile.js';
export { pad, mirrorPad } from './pad.js';
export type { PadMode, Paddings } from './pad.js';
export { reverse } from './reverse.js';
// ==== end linalg_slice
// ==== indexing_shape ====
export { squeeze, expandDims, flatten } from './shape_ops.js';
export { shape, size, rank } from './shape_of.js';
export { gather, gatherND } from './gather.js';
export { embeddingLookup } from './embedding_lookup.js';
export type { EmbeddingLookupOptions, PartitionStrategy } from './embedding_lookup.js';
export { scatterND, unsortedSegmentSum } from './scatter.js';
export * from './one_hot.js';
export * from './rnn_cells.js';
// ==== end indexing_shape
// ==== conv ====
export { conv2d, conv2dBackpropInput, conv2dBackpropFilter } from './conv2d.js';
export type { Conv2DOptions, Strides2D, ConvPadding, DataFormat1D, DataFormat2D, DataFormat3D } from './conv2d.js';
export { conv3d, conv3dBackpropInput, conv3dBackpropFilter, conv3dTranspose } from './conv3d.js';
export type { Conv3DOptions, Strides3D } from './conv3d.js';
export * from './conv_composite.js';
// ==== end conv
// ==== nn ====
export * from './pool.js';
export * from './lrn.js';
export * from './losses_nn.js';
export * from './in_top_k.js';
export { topK } from './top_k.js';
export * from './dropout.js';
export * from './normalization.js';
export { biasAdd, xwPlusB, reluLayer } from './bias_add.js';
export type { BiasAddDataFormat } from './bias_add.js';
// ==== end nn
// ==== creation_random ====
export { eye, range, linspace } from './sequence.js';
export * from './random.js';
// ==== end creation_random
