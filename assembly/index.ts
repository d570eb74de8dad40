// The module's exports. Kernels are exported under their kernel names (src/core/kernel_names.ts: `Exp`, `Add`,
// `MatMul`, ...): the host registers a wasm kernel for exactly the names exported here, binding each export
// once at load, so this file is the one list of what the module implements. Lower-case exports are the
// allocator and helpers that host-side kernels (RNN cells, Concat/Split) compose. Every pointer is a byte
// offset in this module's linear memory; every size is in elements.
export { alloc, free, allocatedBytes, allocatedBlocks, heapTop } from './alloc';
export { gemm, MatMul } from './kernels/matmul';
export * from './kernels/binary';
export * from './kernels/compare';
export * from './kernels/unary';
export * from './kernels/reduce';
export { Softmax, LogSoftmax } from './kernels/softmax';
export { SoftmaxCrossEntropyWithLogits } from './kernels/softmax_xent';
export { Transpose } from './kernels/transpose';
export { Conv2D } from './kernels/conv2d';
export { Conv2DBackpropInput } from './kernels/conv2d_backprop_input';
export { Conv2DBackpropFilter } from './kernels/conv2d_backprop_filter';
export { MaxPool, AvgPool } from './kernels/pool';
export { MaxPoolGrad } from './kernels/max_pool_grad';
export { AvgPoolGrad } from './kernels/avg_pool_grad';
export { copyRows } from './kernels/copy_rows';
export { Slice } from './kernels/slice';
export { lstmStep, lstmBackStep } from './kernels/lstm_cell';
export { gruGates, gruOut, gruBack1, gruBack2 } from './kernels/gru_cell';
export { rnnBackTanh, rnnBackRelu, rnnBackSigmoid, rnnBackLinear } from './kernels/rnn_cell';
export { ApplyGradientDescent, ApplyMomentum, ApplyAdam, ApplyRMSProp, ApplyAdagrad } from './kernels/apply';
export { FusedBatchNorm, FusedBatchNormGrad } from './kernels/batch_norm';
