/**
 * The CPU addon's entry points (native/cpu/addon.cc), declared once. Every function validates its arguments
 * (types, counts, lengths against shape products, overflow, output/input overlap) and throws a TypeError or
 * RangeError instead of crashing; the TypeScript backend validates first.
 *
 * Data is passed as the tensors' own Float32Arrays: the addon reads and writes them in place.
 */
export interface NativeInfo {
  version: string;
  /** The inner-loop path chosen at load: 'avx512', 'avx2' or 'generic'. */
  isa: string;
  /** float32 lanes per vector on that path. */
  vectorWidth: number;
  /** The GEMM register tile, MRxNR. */
  gemmTile: string;
  /** Every path this CPU can run, best first (TL_ISA=<name> forces one of them). */
  availableIsas: string[];
  /** Threads a parallel kernel uses (process-wide pool). */
  threads: number;
  /** Cores this process may run on. */
  cores: number;
  /** Kernel calls made through this addon instance. */
  calls: number;
}

export interface NativeBinding {
  info(): NativeInfo;
  /** Sets the size of the process-wide compute pool (1..1024); it is shared by every worker thread. */
  setNumThreads(n: number): void;
  getNumThreads(): number;
  /** The data address of `buffer` modulo 64 (for placing large arrays on cache-line boundaries). */
  alignmentOf(buffer: ArrayBuffer): number;
  /** Names of the ops `unary` / `binary` / `reduce` take, indexed by op number. */
  unaryOps(): string[];
  binaryOps(): string[];
  reduceOps(): string[];
  /** out = a' b' with batch broadcasting (the MatMul kernel contract); out must not overlap a or b. */
  matMul(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[],
    transposeA: boolean, transposeB: boolean): void;
  /** matMul on a libuv worker thread; the arrays must stay untouched until the promise settles. */
  matMulAsync(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[],
    transposeA: boolean, transposeB: boolean): Promise<void>;
  /** out[i] = op(x[i]); alpha is LeakyRelu's / Step's parameter (ignored by the others). In place allowed. */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** out = a op b with numpy broadcasting (outShape = broadcast(aShape, bShape)). */
  binary(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[]): void;
  /** out[o, i] = reduce over k of x[o, k, i] (x viewed as [outer, r, inner]). */
  reduce(op: number, x: Float32Array, outer: number, r: number, inner: number, out: Float32Array): void;
  /** (log_)softmax over the middle axis of x viewed as [outer, n, inner]. */
  softmax(x: Float32Array, outer: number, n: number, inner: number, out: Float32Array, log: boolean): void;

  /**
   * 2-D convolution (the Conv2D contract of kernel_names.ts): y = conv(x, filter). strides [sh, sw], pads
   * [top, bottom, left, right], dilations [dh, dw]; the filter is HWIO whatever the layout.
   */
  conv2d(x: Float32Array, xShape: number[], filter: Float32Array, filterShape: number[], y: Float32Array, yShape: number[],
    strides: number[], pads: number[], dilations: number[], nchw: boolean, groups: number): void;
  /** dx of Conv2D from dy and the filter (dx's shape is the forward input's). */
  conv2dBackpropInput(dy: Float32Array, dyShape: number[], filter: Float32Array, filterShape: number[], dx: Float32Array,
    dxShape: number[], strides: number[], pads: number[], dilations: number[], nchw: boolean, groups: number): void;
  /** dfilter of Conv2D from x and dy. */
  conv2dBackpropFilter(x: Float32Array, xShape: number[], dy: Float32Array, dyShape: number[], dfilter: Float32Array,
    filterShape: number[], strides: number[], pads: number[], dilations: number[], nchw: boolean, groups: number): void;
  /** 2-D max / average pooling (windows clipped to the input; pads [top, bottom, left, right]). */
  maxPool(x: Float32Array, xShape: number[], y: Float32Array, yShape: number[], ksize: number[], strides: number[], pads: number[], nchw: boolean): void;
  avgPool(x: Float32Array, xShape: number[], y: Float32Array, yShape: number[], ksize: number[], strides: number[], pads: number[], nchw: boolean): void;
  /** dx of MaxPool: each dy cell goes to the first maximum of its window (row-major order). */
  maxPoolGrad(x: Float32Array, xShape: number[], dy: Float32Array, dyShape: number[], dx: Float32Array, dxShape: number[],
    ksize: number[], strides: number[], pads: number[], nchw: boolean): void;
  avgPoolGrad(dy: Float32Array, dyShape: number[], dx: Float32Array, dxShape: number[], ksize: number[], strides: number[],
    pads: number[], nchw: boolean): void;
  /**
   * Recurrent sequences (kernel_names.ts, rnn block; a cell is T = 1). dims = [T, B, I, H]; x [T*B, I],
   * states [B*H], per-step arrays [T*B*H], weights [(I+H) * k*H]. Outputs must not overlap inputs or each other.
   * peep: null or [wci, wcf, wco]; cellClip <= 0: no clipping. lstmSequence's outputs i, f, o, ci, co may all be
   * null (only cs and h are written).
   */
  lstmSequence(dims: number[], x: Float32Array, cs0: Float32Array, h0: Float32Array, w: Float32Array, b: Float32Array,
    peep: Float32Array[] | null, forgetBias: number, cellClip: number, outputs: (Float32Array | null)[]): void;
  /** states: the 7 forward outputs; grads: dx, dcs0, dh0, dw, db (+ dwci, dwcf, dwco with peepholes). */
  lstmSequenceGrad(dims: number[], x: Float32Array, cs0: Float32Array, h0: Float32Array, w: Float32Array,
    peep: Float32Array[] | null, cellClip: number, states: Float32Array[], dcs: Float32Array, dh: Float32Array, grads: Float32Array[]): void;
  /** outputs: r, u, c, h. */
  gruSequence(dims: number[], x: Float32Array, h0: Float32Array, wRu: Float32Array, bRu: Float32Array, wC: Float32Array,
    bC: Float32Array, outputs: Float32Array[]): void;
  /** states: r, u, c, h; grads: dx, dh0, dwRu, dbRu, dwC, dbC. */
  gruSequenceGrad(dims: number[], x: Float32Array, h0: Float32Array, wRu: Float32Array, wC: Float32Array, states: Float32Array[],
    dh: Float32Array, grads: Float32Array[]): void;
  /** act: 0 tanh, 1 relu, 2 sigmoid, 3 linear. */
  rnnSequence(dims: number[], act: number, x: Float32Array, h0: Float32Array, w: Float32Array, b: Float32Array, h: Float32Array): void;
  /** grads: dx, dh0, dw, db. */
  rnnSequenceGrad(dims: number[], act: number, x: Float32Array, h0: Float32Array, w: Float32Array, h: Float32Array, dh: Float32Array,
    grads: Float32Array[]): void;
  /** Names of applyOptimizer's kinds, indexed by kind number. */
  optimizerKinds(): string[];
  /**
   * One optimizer update (native/cpu/simd/isa.h OptimizerArgs): state = [x, slots...], outputs likewise (each
   * output its own input, in place, or disjoint from every input), hyper = [lr, a, b, c].
   */
  applyOptimizer(kind: number, g: Float32Array, state: Float32Array[], outputs: Float32Array[], hyper: number[]): void;
  /** Names of compare's ops, by number (Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, LogicalAnd, LogicalOr). */
  compareOps(): string[];
  /** out (0/1) = a op b with broadcasting; a and b of one element type. */
  compare(op: number, a: Float32Array | Int32Array | Uint8Array, aShape: number[], b: Float32Array | Int32Array | Uint8Array,
    bShape: number[], out: Uint8Array, outShape: number[]): void;
  /** out = cond ? a : b with broadcasting; a, b and out of one element type. */
  select(cond: Uint8Array, condShape: number[], a: Float32Array | Int32Array | Uint8Array, aShape: number[],
    b: Float32Array | Int32Array | Uint8Array, bShape: number[], out: Float32Array | Int32Array | Uint8Array, outShape: number[]): void;
  /** Element-wise conversion between float32, int32 and bool (Uint8Array 0/1), the js Cast's semantics. */
  cast(x: Float32Array | Int32Array | Uint8Array, out: Float32Array | Int32Array | Uint8Array): void;
  /** Fused batch norm over x viewed as [outer, C, inner]; null statistics = training (batch statistics written out). */
  batchNorm(dims: number[], x: Float32Array, scale: Float32Array, offset: Float32Array, mean: Float32Array | null,
    variance: Float32Array | null, epsilon: number, y: Float32Array, meanOut: Float32Array, varOut: Float32Array): void;
  /** FusedBatchNormGrad: grads = [dx, dscale, doffset] (+ dmean, dvariance when !training). */
  batchNormGrad(dims: number[], dy: Float32Array, x: Float32Array, scale: Float32Array, mean: Float32Array, variance: Float32Array,
    dMean: Float32Array, dVariance: Float32Array, epsilon: number, training: boolean, grads: Float32Array[]): void;
}
