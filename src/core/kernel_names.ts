/**
 * The single list of kernel names, with their inputs and attributes. Ops call kernels by these names;
 * backends register implementations and gradients register under them. Each family keeps its block.
 *
 * Convention: inputs are positional (the order listed); attrs are plain JSON-able objects.
 */

// ==== core: creation and dtype ====
/** inputs: x. attrs: { dtype } */
export const Cast = 'Cast';
/** inputs: none. attrs: { shape, value, dtype } */
export const Fill = 'Fill';
/** inputs: x. attrs: {} — returns a tensor sharing x's data (identity, clone). */
export const Identity = 'Identity';
/** inputs: x. attrs: {} — identity whose gradient is zero (nothing flows back). */
export const StopGradient = 'StopGradient';
/** inputs: x. attrs: { shape } (fully resolved) — shares data. */
export const Reshape = 'Reshape';
/** inputs: x. attrs: { shape } */
export const BroadcastTo = 'BroadcastTo';
// ==== end core

// ==== elementwise ====
/** inputs: a, b (same dtype, broadcasting). attrs: {} */
export const Add = 'Add';
export const Sub = 'Sub';
export const Mul = 'Mul';
/** inputs: x. attrs: {} */
export const Neg = 'Neg';
export const Exp = 'Exp';
/** inputs: a, b (float, broadcasting). attrs: {} — a / b (ints use FloorDiv). */
export const RealDiv = 'RealDiv';
/** inputs: a, b (numeric, broadcasting). attrs: {} — floor(a / b); int division by zero is an error. */
export const FloorDiv = 'FloorDiv';
/** inputs: a, b (numeric, broadcasting). attrs: {} — a - floor(a / b) * b (sign of b, as TF floormod). */
export const FloorMod = 'FloorMod';
/** inputs: a, b (float, broadcasting). attrs: {} — a ** b. */
export const Pow = 'Pow';
/** inputs: a, b (numeric, broadcasting). attrs: {} — NaN propagates. */
export const Maximum = 'Maximum';
export const Minimum = 'Minimum';
/** inputs: a, b (numeric, broadcasting). attrs: {} — (a - b)^2. */
export const SquaredDifference = 'SquaredDifference';
/** inputs: a (y), b (x) (float, broadcasting). attrs: {} — atan2(a, b). */
export const Atan2 = 'Atan2';
/** inputs: a, b (same dtype, broadcasting). attrs: {} — output bool. */
export const Equal = 'Equal';
export const NotEqual = 'NotEqual';
export const Less = 'Less';
export const LessEqual = 'LessEqual';
export const Greater = 'Greater';
export const GreaterEqual = 'GreaterEqual';
/** inputs: a, b (bool, broadcasting). attrs: {} — output bool. */
export const LogicalAnd = 'LogicalAnd';
export const LogicalOr = 'LogicalOr';
/** inputs: x (bool). attrs: {} */
export const LogicalNot = 'LogicalNot';
/** inputs: condition (bool), a, b (same dtype); all three broadcast (TF's SelectV2). attrs: {} */
export const Select = 'Select';
/** inputs: x, clipValueMin, clipValueMax (same dtype, min/max broadcast to x's shape). attrs: {} */
export const ClipByValue = 'ClipByValue';
/** inputs: x (numeric; Abs, Sign, Square also int32/int64). attrs: {} */
export const Abs = 'Abs';
export const Sign = 'Sign';
export const Square = 'Square';
/** inputs: x (float). attrs: {} */
export const Expm1 = 'Expm1';
export const Log = 'Log';
export const Log1p = 'Log1p';
export const Sqrt = 'Sqrt';
export const Rsqrt = 'Rsqrt';
export const Reciprocal = 'Reciprocal';
export const Sin = 'Sin';
export const Cos = 'Cos';
export const Tan = 'Tan';
export const Asin = 'Asin';
export const Acos = 'Acos';
export const Atan = 'Atan';
export const Sinh = 'Sinh';
export const Cosh = 'Cosh';
export const Tanh = 'Tanh';
export const Erf = 'Erf';
export const Floor = 'Floor';
export const Ceil = 'Ceil';
/** Round half to even (banker's rounding), as TF's Round. */
export const Round = 'Round';
/** inputs: x (float). attrs: {} — output bool. */
export const IsNan = 'IsNan';
export const IsFinite = 'IsFinite';
// ==== end elementwise

// ==== reduce_activation ====
/** inputs: x. attrs: { axes: number[] (normalized, sorted), keepDims: boolean } */
export const Sum = 'Sum';
/** inputs: x. attrs: { axes, keepDims }. Empty groups give NaN (floats); ints divide and truncate. */
export const Mean = 'Mean';
/** inputs: x. attrs: { axes, keepDims }. Empty groups give 1. */
export const Prod = 'Prod';
/** inputs: x. attrs: { axes, keepDims }. NaN propagates; empty groups give -inf (ints: the dtype's lowest). */
export const Max = 'Max';
/** inputs: x. attrs: { axes, keepDims }. NaN propagates; empty groups give +inf (ints: the dtype's highest). */
export const Min = 'Min';
/** inputs: x (numeric). attrs: { axis } (normalized). Output int32: first index of the extreme value. */
export const ArgMax = 'ArgMax';
export const ArgMin = 'ArgMin';
/** inputs: x (bool). attrs: { axes, keepDims }. Output bool. Empty groups: All true, Any false. */
export const All = 'All';
export const Any = 'Any';
/** inputs: x (float). attrs: { axes, keepDims }. log(sum(exp(x))) computed as m + log(sum(exp(x - m))). */
export const LogSumExp = 'LogSumExp';
/** inputs: x. attrs: { axis (normalized), exclusive: boolean, reverse: boolean } */
export const Cumsum = 'Cumsum';
export const Cumprod = 'Cumprod';
/** inputs: x (float). attrs: {} */
export const Relu = 'Relu';
export const Relu6 = 'Relu6';
export const Elu = 'Elu';
export const Selu = 'Selu';
export const Sigmoid = 'Sigmoid';
export const Softplus = 'Softplus';
/** inputs: x (float). attrs: { alpha: number } */
export const LeakyRelu = 'LeakyRelu';
/** inputs: x (float). attrs: { alpha: number } — 1 where x > 0, else alpha (NaN stays NaN). */
export const Step = 'Step';
/** inputs: x, alpha (same float dtype, alpha broadcastable to x's shape). attrs: {} */
export const Prelu = 'Prelu';
/** inputs: logits (float). attrs: { axis } (normalized) */
export const Softmax = 'Softmax';
export const LogSoftmax = 'LogSoftmax';
// ==== end reduce_activation

// ==== linalg_slice ====
/**
 * Batched matrix product with numpy broadcasting of the batch dimensions.
 *
 * inputs: a, b — as the op received them: NOT transposed and NOT broadcast beforehand.
 *   a: [...batchA, M, K] (or [...batchA, K, M] when transposeA), rank >= 2
 *   b: [...batchB, K, N] (or [...batchB, N, K] when transposeB), rank >= 2
 *   Same dtype: float32, float64 or int32. The ranks may differ.
 * attrs: { transposeA: boolean, transposeB: boolean } — use the transpose of the last two dims of a (b).
 * output: [...broadcast(batchA, batchB), M, N], same dtype. batchA and batchB are right-aligned and broadcast
 *   as numpy does (a missing or size-1 dim repeats): [2,1,3,4] x [5,4,6] -> [2,5,3,6].
 *   out[..., i, j] = sum_k a'[..., i, k] * b'[..., k, j], where a', b' are the (transposed) matrices of the
 *   batch entry that broadcasting maps to. K = 0 gives zeros; M = 0 or N = 0 gives an empty output.
 * numerics: floats accumulate in at least float32 (the js oracle accumulates in float64 and rounds once);
 *   int32 wraps modulo 2^32 as TF's does.
 */
export const MatMul = 'MatMul';
/** inputs: x (any dtype). attrs: { perm: number[] } — a full permutation of 0..rank-1; out.shape[i] = x.shape[perm[i]]. */
export const Transpose = 'Transpose';
/**
 * inputs: x (float32/float64) [..., n, n]. attrs: {} — inverse of every matrix of the batch (Gauss-Jordan with
 * partial pivoting in float64 on js). A singular matrix makes the kernel throw ArgumentError naming the batch index.
 */
export const MatrixInverse = 'MatrixInverse';
/**
 * inputs: x0, x1, ... (N >= 1, same dtype and rank >= 1, equal dims except `axis`). attrs: { axis: number }
 * (normalized, 0 <= axis < rank). output: the inputs joined along axis.
 */
export const Concat = 'Concat';
/**
 * inputs: x. attrs: { axis: number (normalized), sizes: number[] (resolved, >= 0, summing to x.shape[axis]) }.
 * outputs: sizes.length tensors; output i is x[..., offset_i : offset_i + sizes[i], ...] along axis.
 */
export const Split = 'Split';
/** inputs: x. attrs: { begin: number[], size: number[] } (resolved: no -1, begin + size <= dim). */
export const Slice = 'Slice';
/**
 * inputs: x. attrs: { begin, end, strides: number[] (same length), beginMask, endMask, ellipsisMask, newAxisMask,
 * shrinkAxisMask: number } — TF's StridedSlice spec, unresolved. Resolve it with `stridedSliceSpec(x.shape, attrs)`
 * (src/core/strided_slice_spec.ts), which gives per input dim (begin, stride, size) and the output shape.
 */
export const StridedSlice = 'StridedSlice';
/**
 * inputs: dy (the gradient of a StridedSlice output). attrs: the StridedSlice attrs plus { shape: number[] } (the
 * StridedSlice input's shape). output: zeros of `shape` with dy written at the positions the slice read.
 */
export const StridedSliceGrad = 'StridedSliceGrad';
/** inputs: x. attrs: { reps: number[] } (one per dim, >= 0). out.shape[i] = x.shape[i] * reps[i]. */
export const Tile = 'Tile';
/**
 * inputs: x. attrs: { paddings: [before, after][] (one pair per dim, >= 0), constantValue: number | bigint |
 * boolean } — the value written in the padding (of x's dtype).
 */
export const Pad = 'Pad';
/**
 * inputs: x. attrs: { paddings: [before, after][], mode: 'REFLECT' | 'SYMMETRIC' }. REFLECT mirrors without the
 * edge (pads <= dim - 1), SYMMETRIC with it (pads <= dim).
 */
export const MirrorPad = 'MirrorPad';
/**
 * inputs: dy (the gradient of a MirrorPad output). attrs: the MirrorPad attrs. output: shape of the MirrorPad
 * input; each cell sums dy over the output cells that copied it.
 */
export const MirrorPadGrad = 'MirrorPadGrad';
/** inputs: x. attrs: { axes: number[] } (normalized, sorted, unique) — reverses the order along each axis. */
export const Reverse = 'Reverse';
// ==== end linalg_slice

// ==== indexing_shape ====
/**
 * inputs: params (any dtype), indices (int32|int64, any rank). attrs: { axis, batchDims } (both normalized,
 * 0 <= batchDims <= axis < params.rank). Output: params.shape[:axis] + indices.shape[batchDims:] +
 * params.shape[axis+1:]. An index outside [0, params.shape[axis]) throws ArgumentError.
 */
export const GatherV2 = 'GatherV2';
/**
 * inputs: params (any dtype), indices (int32|int64, shape [..., K], K <= params.rank). attrs: {}.
 * Output: indices.shape[:-1] + params.shape[K:]. Out-of-range index tuples throw ArgumentError.
 */
export const GatherNd = 'GatherNd';
/**
 * inputs: indices (int32|int64, [..., K]), updates (numeric, indices.shape[:-1] + shape[K:]). attrs: { shape }.
 * Output: zeros of `shape` with each update added at its index tuple (duplicates accumulate).
 */
export const ScatterNd = 'ScatterNd';
/**
 * inputs: data (numeric), segmentIds (int32|int64, shape a prefix of data.shape). attrs: { numSegments }.
 * Output: [numSegments] + data.shape[segmentIds.rank:]; row i sums the data rows whose id is i. Negative ids
 * are dropped (as TF); ids >= numSegments throw ArgumentError.
 */
export const UnsortedSegmentSum = 'UnsortedSegmentSum';
/**
 * inputs: indices (int32|int64). attrs: { depth, onValue, offValue, dtype, axis } (axis normalized into
 * [0, indices.rank]). Output: indices.shape with `depth` inserted at axis; indices outside [0, depth) give
 * a row of offValue.
 */
export const OneHot = 'OneHot';
// ==== end indexing_shape

// ==== conv ====
/*
 * Convolution kernels. Contract shared by every backend (js, native, wasm, cuda):
 * - Padding is already resolved by the op: kernels never see 'SAME'/'VALID', only explicit `pads`
 *   ([before, after] per spatial dim, flattened), and may read outside the input as zeros only there.
 * - Layouts: x is channels-last (NHWC / NDHWC) or channels-first (NCHW / NCDHW) per `dataFormat`; the filter
 *   is always [k_spatial..., inC / groups, outC] (TF's HWIO / DHWIO), whatever the data format.
 * - Grouped convolution: output channel o reads input channels g*inC/groups .. (g+1)*inC/groups - 1 with
 *   g = floor(o / (outC / groups)). groups = inC and a [k..., 1, inC * mult] filter is depthwise.
 * - With eff_i = (k_i - 1) * dilations[i] + 1, the output size is
 *   floor((in_i + pads[2i] + pads[2i+1] - eff_i) / strides[i]) + 1 (>= 0; the op checks it), and
 *   y[n, p, o] = sum over taps t and the group's channels c of x[n, p * strides - pads_before + t * dilations, c] * w[t, c, o].
 * - Inputs and output share one float dtype (float32 or float64); accumulate in at least float32 (js: float64).
 * - Backprop kernels are the exact adjoints: BackpropInput(dy, w) = d<dy, Conv(x, w)>/dx,
 *   BackpropFilter(x, dy) = d<dy, Conv(x, w)>/dw; positions of x that no window reaches get 0.
 */
/** inputs: x, filter. attrs: { strides: [sh, sw], pads: [top, bottom, left, right], dilations: [dh, dw],
 *  dataFormat: 'NHWC' | 'NCHW', groups } */
export const Conv2D = 'Conv2D';
/** inputs: dy (shape of Conv2D's output), filter. attrs: Conv2D's + { inputShape } (the rank-4 shape of x). Output: dx. */
export const Conv2DBackpropInput = 'Conv2DBackpropInput';
/** inputs: x, dy. attrs: Conv2D's + { filterShape } (rank 4). Output: dfilter. */
export const Conv2DBackpropFilter = 'Conv2DBackpropFilter';
/** inputs: x, filter. attrs: { strides: [sd, sh, sw], pads: [front, back, top, bottom, left, right],
 *  dilations: [dd, dh, dw], dataFormat: 'NDHWC' | 'NCDHW', groups } */
export const Conv3D = 'Conv3D';
/** inputs: dy, filter. attrs: Conv3D's + { inputShape } (rank 5). Output: dx. */
export const Conv3DBackpropInput = 'Conv3DBackpropInput';
/** inputs: x, dy. attrs: Conv3D's + { filterShape } (rank 5). Output: dfilter. */
export const Conv3DBackpropFilter = 'Conv3DBackpropFilter';
// ==== end conv

// ==== nn ====
/**
 * Pooling. inputs: x (NHWC/NCHW, rank 4; NDHWC/NCDHW, rank 5 for the 3D kernels).
 * attrs: { ksize: number[] (spatial, 2 or 3 entries), strides: number[] (spatial), pads: number[]
 * ([before, after] per spatial dim, already resolved from 'SAME'/'VALID'/explicit), dataFormat: string }.
 * Max pooling ignores padded cells; average pooling divides by the number of cells inside the input (TF).
 */
export const MaxPool = 'MaxPool';
export const AvgPool = 'AvgPool';
export const MaxPool3D = 'MaxPool3D';
export const AvgPool3D = 'AvgPool3D';
/** inputs: x, y (the forward output), dy. attrs: as MaxPool. The gradient goes to the first max of each window. */
export const MaxPoolGrad = 'MaxPoolGrad';
export const MaxPool3DGrad = 'MaxPool3DGrad';
/** inputs: dy. attrs: as AvgPool plus { inShape: number[] } (the shape of the forward input). */
export const AvgPoolGrad = 'AvgPoolGrad';
export const AvgPool3DGrad = 'AvgPool3DGrad';
/** inputs: x (normalized over its last axis). attrs: { depthRadius, bias, alpha, beta } */
export const LRN = 'LRN';
/** inputs: dy, x, y (the forward output). attrs: as LRN. */
export const LRNGrad = 'LRNGrad';
/** inputs: labels, logits (same shape, float). attrs: { axis } (normalized). Output: logits' shape without axis. */
export const SoftmaxCrossEntropyWithLogits = 'SoftmaxCrossEntropyWithLogits';
/**
 * inputs: labels (int32/int64, shape S), logits (float, shape [...S, classes]). attrs: {}. Output: shape S.
 * Out-of-range labels are rejected by the kernel (a data-dependent check: it must hold in graph mode too).
 */
export const SparseSoftmaxCrossEntropyWithLogits = 'SparseSoftmaxCrossEntropyWithLogits';
/** inputs: predictions (float [batch, classes]), targets (int32/int64 [batch]). attrs: { k }. Output: bool [batch]. */
export const InTopK = 'InTopK';
/**
 * inputs: x (float32/float64/int32, rank >= 1). attrs: { k, sorted }. Outputs: values (x's dtype) and indices
 * (int32), both of shape [...x.shape[:-1], k]: the k largest entries of each last-axis row, largest first, ties
 * broken by the lower index (TF's order; `sorted: false` allows any order, and this kernel keeps the sorted one).
 * NaN ranks above every number, as in TF.
 */
export const TopK = 'TopK';
// ==== end nn

// ==== creation_random ====
/** inputs: none. attrs: { start, step, size, dtype } — element i is start + i * step (computed in float64). */
export const Range = 'Range';
/** inputs: none. attrs: { start, stop, num, dtype } — num evenly spaced values; the last is exactly stop. */
export const LinSpace = 'LinSpace';
/** inputs: none. attrs: { batchShape, numRows, numColumns, dtype } — ones on the main diagonal of each matrix. */
export const Eye = 'Eye';
// ==== end creation_random

// ==== rnn ====
/*
 * Fused recurrent cells (one step) and whole sequences. Contract shared by every backend:
 * - Weights use TF's layout: one kernel applied to concat([x, h], 1), shape [I + H, k * H], so rows 0..I-1
 *   multiply x and rows I..I+H-1 multiply h; biases are [k * H]. x is [B, I] (cells) or time-major [T, B, I]
 *   (sequences); states are [B, H]; per-step outputs of a sequence are [T, B, H].
 * - Gate order: LSTM i, ci (TF's j), f, o (TF's BasicLSTMCell / LSTMBlockCell); GRU r, u.
 * - LSTM (TF LSTMBlockCell): i = sig(xh@w_i + b_i + csPrev*wci), f = sig(xh@w_f + b_f + forgetBias + csPrev*wcf),
 *   ci = tanh(xh@w_ci + b_ci), cs = ci*i + csPrev*f, clipped to [-cellClip, cellClip] when cellClip > 0 (TF),
 *   o = sig(xh@w_o + b_o + cs*wco), co = tanh(cs), h = co*o. Peephole terms only when usePeephole.
 * - GRU (TF GRUCell / GRUBlockCell): [r, u] = sig(xh@wRu + bRu), c = tanh(concat(x, r*h)@wC + bC),
 *   h = u*hPrev + (1-u)*c.
 * - Basic RNN: h = act(xh@w + b), act in 'tanh' | 'relu' | 'sigmoid' | 'linear'.
 * - Sequences compute the input projections of all steps as one [T*B, I] x [I, k*H] product.
 * - Grad kernels take the forward inputs, the forward outputs and the upstream gradients of the state
 *   outputs (cs and h for LSTM, h otherwise); the LSTM/GRU gate outputs are saved activations, not
 *   differentiable outputs (their upstream gradients are ignored, as TF does). Under cellClip the gradient
 *   is exact: it stops where the clip was active (TF's LSTMBlockCellGrad passes it through unchanged).
 * - float32 and float64; the js kernels compute in float64 and round each stored state to the dtype.
 */
/** inputs: x [B,I], h [B,H], w [I+H,H], b [H]. attrs: { activation }. Output: newH [B,H]. */
export const BasicRNNCell = 'BasicRNNCell';
/** inputs: x, h, w, b, newH, dNewH. attrs: { activation }. Outputs: dx, dh, dw, db. */
export const BasicRNNCellGrad = 'BasicRNNCellGrad';
/** inputs: x [T,B,I], h0 [B,H], w [I+H,H], b [H]. attrs: { activation }. Output: h [T,B,H] (every step). */
export const BasicRNNSequence = 'BasicRNNSequence';
/** inputs: x, h0, w, b, h, dh. attrs: { activation }. Outputs: dx, dh0, dw, db. */
export const BasicRNNSequenceGrad = 'BasicRNNSequenceGrad';
/**
 * inputs: x [B,I], csPrev [B,H], hPrev [B,H], w [I+H,4H], b [4H], then wci, wcf, wco [H] only when usePeephole.
 * attrs: { forgetBias, cellClip, usePeephole }. Outputs (TF's order): i, cs, f, o, ci, co, h, each [B,H].
 */
export const LSTMBlockCell = 'LSTMBlockCell';
/**
 * inputs: LSTMBlockCell's inputs, its 7 outputs, then dcs, dh. attrs: as LSTMBlockCell.
 * Outputs: dx, dcsPrev, dhPrev, dw, db, then dwci, dwcf, dwco when usePeephole.
 */
export const LSTMBlockCellGrad = 'LSTMBlockCellGrad';
/**
 * inputs: x [T,B,I], cs0, h0 [B,H], w, b, (wci, wcf, wco). attrs: as LSTMBlockCell, plus an optional
 * `gateOutputs` (default true): false says the caller keeps only cs and h (no gradient will be taken), and a
 * backend may then leave i, f, o, ci, co unwritten (unspecified values). Outputs: i, cs, f, o, ci, co, h, each [T,B,H].
 */
export const LSTMBlockSequence = 'LSTMBlockSequence';
/** inputs: LSTMBlockSequence's inputs, its 7 outputs, dcs, dh [T,B,H]. Outputs: dx, dcs0, dh0, dw, db, (dwci, dwcf, dwco). */
export const LSTMBlockSequenceGrad = 'LSTMBlockSequenceGrad';
/** inputs: x [B,I], hPrev [B,H], wRu [I+H,2H], bRu [2H], wC [I+H,H], bC [H]. attrs: {}. Outputs: r, u, c, h, each [B,H]. */
export const GRUBlockCell = 'GRUBlockCell';
/** inputs: GRUBlockCell's inputs, its 4 outputs, dh. Outputs: dx, dhPrev, dwRu, dbRu, dwC, dbC. */
export const GRUBlockCellGrad = 'GRUBlockCellGrad';
/** inputs: x [T,B,I], h0 [B,H], wRu, bRu, wC, bC. Outputs: r, u, c, h, each [T,B,H]. */
export const GRUBlockSequence = 'GRUBlockSequence';
/** inputs: GRUBlockSequence's inputs, its 4 outputs, dh [T,B,H]. Outputs: dx, dh0, dwRu, dbRu, dwC, dbC. */
export const GRUBlockSequenceGrad = 'GRUBlockSequenceGrad';
// ==== end rnn

// ==== train ====
/*
 * Optimizer updates (TF's Apply* kernels): one call computes the new variable and every slot of one dense
 * update. Scalars (learning rate, decay, ...) are rank-0 inputs of the variable's dtype. No gradients.
 * Outputs are the new values in input order (variable first). attrs.inPlace: the kernel may write an output
 * into the buffer of its input (variable or slot) when that buffer has no other owner (DataHandle.owners
 * === 1), returning that handle: copy-on-write, so a tensor sharing the buffer never sees it change. The
 * eager optimizers pass true (the Variables hold the only reference); graph runs pass false.
 */
/** inputs: var, grad, lr. attrs: { inPlace }. Output: var - lr * grad. */
export const ApplyGradientDescent = 'ApplyGradientDescent';
/**
 * inputs: var, accum, grad, lr, momentum. attrs: { useNesterov, inPlace }. Outputs: var', accum' with
 * accum' = accum * momentum + grad; var' = var - lr * accum' (Nesterov: var - (grad * lr + accum' * momentum * lr)).
 */
export const ApplyMomentum = 'ApplyMomentum';
/**
 * inputs: var, m, v, grad, lr, beta1, beta2, epsilon, beta1Power, beta2Power. attrs: { inPlace }. Outputs:
 * var', m', v' (TF 1.x ApplyAdam: lr_t = lr sqrt(1 - beta2Power) / (1 - beta1Power), m' = m + (g - m)(1 - beta1),
 * v' = v + (g^2 - v)(1 - beta2), var' = var - lr_t m' / (sqrt(v') + epsilon)).
 */
export const ApplyAdam = 'ApplyAdam';
/**
 * inputs: var, ms, mom, grad, lr, decay, momentum, epsilon, then mg when centered. attrs: { centered, inPlace }.
 * Outputs: var', ms', mom' (, mg'): ms' = ms + (g^2 - ms)(1 - decay), mg' = mg + (g - mg)(1 - decay),
 * mom' = mom momentum + lr g / sqrt(ms' (- mg'^2) + epsilon), var' = var - mom'.
 */
export const ApplyRMSProp = 'ApplyRMSProp';
/** inputs: var, accum, grad, lr. attrs: { inPlace }. Outputs: var', accum' (accum' = accum + g^2; var' = var - lr g / sqrt(accum')). */
export const ApplyAdagrad = 'ApplyAdagrad';
// ==== end train

// ==== norm ====
/*
 * Fused batch normalization (TF's FusedBatchNormV3 / FusedBatchNormGradV3). x is viewed as [outer, C, inner]:
 * channelsLast (NHWC, NDHWC, [N, C]) gives inner = 1; channels first (NCHW, NCDHW) gives outer = N.
 * y = (x - mean) * scale / sqrt(variance + epsilon) + offset.
 */
/**
 * inputs: x, scale [C], offset [C], then mean [C], variance [C] when !isTraining.
 * attrs: { epsilon, channelsLast, isTraining }. Outputs: y, mean [C], variance [C]: training, the batch mean and
 * the population (uncorrected) variance y was normalized with; inference, the given statistics.
 */
export const FusedBatchNorm = 'FusedBatchNorm';
/**
 * inputs: dy, x, scale, mean, variance (the statistics the forward used), dMean [C], dVariance [C] (upstream
 * gradients of the forward's mean / variance outputs). attrs: as FusedBatchNorm. Outputs: dx, dscale, doffset,
 * then dmean, dvariance when !isTraining (training: the statistics are functions of x, folded into dx).
 */
export const FusedBatchNormGrad = 'FusedBatchNormGrad';
// ==== end norm
