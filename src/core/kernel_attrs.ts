/**
 * The attributes of every kernel, declared once with types. `kernel_names.ts` documents each kernel (inputs,
 * outputs, semantics); this map says what its `attrs` object holds, so ops, gradients and every backend's
 * kernels read attributes without casts: `KernelFn<'MatMul'>` receives `KernelAttrs['MatMul']`.
 *
 * Attributes are plain JSON-able values (numbers, booleans, strings, arrays of them) — the native addon and the
 * wasm glue read them by name. A kernel added to kernel_names.ts gets its entry here (`Empty` when it has none).
 */
import type { DType } from './dtype.js';

/** No attributes. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Empty = {};

/** Sum, Mean, Prod, Max, Min, All, Any, LogSumExp. `axes` normalized and sorted. */
export interface ReduceAttrs { axes: number[]; keepDims: boolean }
/** ArgMax, ArgMin. `axis` normalized. */
export interface ArgAttrs { axis: number }
/** Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits. `axis` normalized. */
export interface AxisAttrs { axis: number }
/** Cumsum, Cumprod. */
export interface ScanAttrs { axis: number; exclusive: boolean; reverse: boolean }
/** LeakyRelu, Step. */
export interface AlphaAttrs { alpha: number }

/** TF's StridedSlice spec, unresolved (resolve with core/strided_slice_spec.ts). */
export interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

export interface MirrorPadAttrs { paddings: [number, number][]; mode: 'REFLECT' | 'SYMMETRIC' }

/** Data layouts of the 2-D and 3-D kernels: channels last (NHWC, NDHWC) or channels first (NCHW, NCDHW). */
export type DataFormat2D = 'NHWC' | 'NCHW';
export type DataFormat3D = 'NDHWC' | 'NCDHW';

/**
 * Convolution (2-D and 3-D): explicit pads ([before, after] per spatial dim, flattened), the data format
 * (F: the 2-D or the 3-D layouts), the filter always HWIO / DHWIO.
 */
export interface ConvAttrs<F extends DataFormat2D | DataFormat3D = DataFormat2D | DataFormat3D> {
  strides: number[];
  pads: number[];
  dilations: number[];
  dataFormat: F;
  groups: number;
}

/** Pooling (2-D and 3-D): one entry per spatial dim, pads in [before, after] pairs, flattened. */
export interface PoolAttrs<F extends DataFormat2D | DataFormat3D = DataFormat2D | DataFormat3D> {
  ksize: number[];
  strides: number[];
  pads: number[];
  dataFormat: F;
}

export interface LrnAttrs { depthRadius: number; bias: number; alpha: number; beta: number }

export type FusedActivation = 'tanh' | 'relu' | 'sigmoid' | 'linear';
export interface RnnAttrs { activation: FusedActivation }
/** The one declaration of the LSTM kernels' attributes (cells, sequences and their gradients). */
export interface LstmAttrs {
  forgetBias: number;
  cellClip: number;
  usePeephole: boolean;
  /** Sequences only (default true): false lets a backend leave the gate outputs i, f, o, ci, co unwritten. */
  gateOutputs?: boolean;
}

/** Fused batch norm and its gradient. */
export interface BatchNormAttrs { epsilon: number; channelsLast: boolean; isTraining: boolean }

/** Optimizer updates: may write into an input's buffer when nothing else owns it (kernel_names.ts, train). */
export interface InPlaceAttrs { inPlace: boolean }

export interface KernelAttrs {
  // core
  Cast: { dtype: DType };
  Fill: { shape: number[]; value: number | bigint | boolean; dtype: DType };
  Identity: Empty;
  StopGradient: Empty;
  Reshape: { shape: number[] };
  BroadcastTo: { shape: number[] };
  // elementwise
  Add: Empty; Sub: Empty; Mul: Empty; RealDiv: Empty; FloorDiv: Empty; FloorMod: Empty; Pow: Empty;
  Maximum: Empty; Minimum: Empty; SquaredDifference: Empty; Atan2: Empty;
  Equal: Empty; NotEqual: Empty; Less: Empty; LessEqual: Empty; Greater: Empty; GreaterEqual: Empty;
  LogicalAnd: Empty; LogicalOr: Empty; LogicalNot: Empty; Select: Empty; ClipByValue: Empty;
  Neg: Empty; Exp: Empty; Abs: Empty; Sign: Empty; Square: Empty; Expm1: Empty; Log: Empty; Log1p: Empty;
  Sqrt: Empty; Rsqrt: Empty; Reciprocal: Empty; Sin: Empty; Cos: Empty; Tan: Empty; Asin: Empty; Acos: Empty;
  Atan: Empty; Sinh: Empty; Cosh: Empty; Tanh: Empty; Erf: Empty; Floor: Empty; Ceil: Empty; Round: Empty;
  IsNan: Empty; IsFinite: Empty;
  // reduce_activation
  Sum: ReduceAttrs; Mean: ReduceAttrs; Prod: ReduceAttrs; Max: ReduceAttrs; Min: ReduceAttrs;
  All: ReduceAttrs; Any: ReduceAttrs; LogSumExp: ReduceAttrs;
  ArgMax: ArgAttrs; ArgMin: ArgAttrs;
  Cumsum: ScanAttrs; Cumprod: ScanAttrs;
  Relu: Empty; Relu6: Empty; Elu: Empty; Selu: Empty; Sigmoid: Empty; Softplus: Empty;
  LeakyRelu: AlphaAttrs; Step: AlphaAttrs; Prelu: Empty;
  Softmax: AxisAttrs; LogSoftmax: AxisAttrs;
  // linalg_slice
  MatMul: { transposeA: boolean; transposeB: boolean };
  Transpose: { perm: number[] };
  MatrixInverse: Empty;
  Concat: { axis: number };
  Split: { axis: number; sizes: number[] };
  Slice: { begin: number[]; size: number[] };
  StridedSlice: StridedSliceAttrs;
  StridedSliceGrad: StridedSliceAttrs & { shape: number[] };
  Tile: { reps: number[] };
  Pad: { paddings: [number, number][]; constantValue: number | bigint | boolean };
  MirrorPad: MirrorPadAttrs;
  MirrorPadGrad: MirrorPadAttrs;
  Reverse: { axes: number[] };
  // indexing_shape
  GatherV2: { axis: number; batchDims: number };
  GatherNd: Empty;
  ScatterNd: { shape: number[] };
  UnsortedSegmentSum: { numSegments: number };
  OneHot: { depth: number; onValue: number; offValue: number; dtype: DType; axis: number };
  // conv
  Conv2D: ConvAttrs<DataFormat2D>;
  Conv2DBackpropInput: ConvAttrs<DataFormat2D> & { inputShape: number[] };
  Conv2DBackpropFilter: ConvAttrs<DataFormat2D> & { filterShape: number[] };
  Conv3D: ConvAttrs<DataFormat3D>;
  Conv3DBackpropInput: ConvAttrs<DataFormat3D> & { inputShape: number[] };
  Conv3DBackpropFilter: ConvAttrs<DataFormat3D> & { filterShape: number[] };
  // nn
  MaxPool: PoolAttrs<DataFormat2D>; AvgPool: PoolAttrs<DataFormat2D>;
  MaxPool3D: PoolAttrs<DataFormat3D>; AvgPool3D: PoolAttrs<DataFormat3D>;
  MaxPoolGrad: PoolAttrs<DataFormat2D>; MaxPool3DGrad: PoolAttrs<DataFormat3D>;
  AvgPoolGrad: PoolAttrs<DataFormat2D> & { inShape: number[] }; AvgPool3DGrad: PoolAttrs<DataFormat3D> & { inShape: number[] };
  LRN: LrnAttrs; LRNGrad: LrnAttrs;
  SoftmaxCrossEntropyWithLogits: AxisAttrs;
  SparseSoftmaxCrossEntropyWithLogits: Empty;
  InTopK: { k: number };
  TopK: { k: number; sorted: boolean };
  // creation_random
  Range: { start: number; step: number; size: number; dtype: DType };
  LinSpace: { start: number; stop: number; num: number; dtype: DType };
  Eye: { batchShape: number[]; numRows: number; numColumns: number; dtype: DType };
  // rnn
  BasicRNNCell: RnnAttrs; BasicRNNCellGrad: RnnAttrs; BasicRNNSequence: RnnAttrs; BasicRNNSequenceGrad: RnnAttrs;
  LSTMBlockCell: LstmAttrs; LSTMBlockCellGrad: LstmAttrs; LSTMBlockSequence: LstmAttrs; LSTMBlockSequenceGrad: LstmAttrs;
  GRUBlockCell: Empty; GRUBlockCellGrad: Empty; GRUBlockSequence: Empty; GRUBlockSequenceGrad: Empty;
  // train
  ApplyGradientDescent: InPlaceAttrs;
  ApplyMomentum: InPlaceAttrs & { useNesterov: boolean };
  ApplyAdam: InPlaceAttrs;
  ApplyRMSProp: InPlaceAttrs & { centered: boolean };
  ApplyAdagrad: InPlaceAttrs;
  // norm
  FusedBatchNorm: BatchNormAttrs;
  FusedBatchNormGrad: BatchNormAttrs;
}

/** Every kernel's name. */
export type KernelName = keyof KernelAttrs;

/**
 * The kernels whose attrs are exactly `A`: an op helper shared by several kernels takes one of these names, so
 * the attrs it builds are checked (`KernelWithAttrs<Empty>` is every kernel without attributes).
 */
export type KernelWithAttrs<A> = {
  [N in KernelName]: [KernelAttrs[N]] extends [A] ? ([A] extends [KernelAttrs[N]] ? N : never) : never;
}[KernelName];
