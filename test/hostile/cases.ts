/**
 * The hostile-argument cases: every public op (the functions the ops barrel exports, called as `tl.<name>`)
 * with each argument slot in turn replaced by a hostile value, plus hand-written cases for the findings of
 * issue #13. A case builds its arguments inside the child (tensors are per-backend) and names the op it calls,
 * so the runner can require that a thrown error names that op.
 *
 * The matrix is generated, not hand-listed, so a new op in src/ops/index.ts is covered without editing this file
 * (it gets the default base arguments; add a row to BASE when the default does not reach its validation).
 */
import * as ops from '../../src/ops/index.js';
import type * as TL from '../../src/index.js';

type Tl = typeof TL;
export interface HostileCase {
  name: string;
  /** The public op the case calls; a typed error must name it. */
  op: string;
  /** Builds the arguments (inputs are created before the tensor count is taken). */
  args: (tl: Tl) => unknown[];
  /** Optional check of a successful result (throws on a wrong answer). */
  check?: (result: unknown, tl: Tl) => void;
  /** Calls something other than `tl[op](...args)` (e.g. a Session). */
  run?: (tl: Tl, args: unknown[]) => unknown;
}

const f = (tl: Tl, shape: number[]) => tl.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 7) / 10 + 0.1), shape);
const i32 = (tl: Tl, v: number[]) => tl.tensor(v, undefined, 'int32');
const b23 = (tl: Tl) => tl.tensor([true, false, true, false, true, false], [2, 3]);

/** A valid call per op, where the default `[x[2,3]]` (or `[x, x]` for two-argument ops) does not fit. */
const BASE: Record<string, (tl: Tl) => unknown[]> = {
  fill: () => [[2, 3], 1],
  zeros: () => [[2, 3]],
  ones: () => [[2, 3]],
  randomNormal: () => [[2, 3]],
  randomUniform: () => [[2, 3]],
  truncatedNormal: () => [[2, 3]],
  eye: () => [3, 3],
  range: () => [0, 5, 1],
  linspace: () => [0, 1, 5],
  scalar: () => [1],
  tensor: () => [[1, 2, 3], [3], 'float32'],
  cast: (tl) => [f(tl, [2, 3]), 'int32'],
  reshape: (tl) => [f(tl, [2, 3]), [3, 2]],
  broadcastTo: (tl) => [f(tl, [1, 3]), [2, 3]],
  matMul: (tl) => [f(tl, [2, 3]), f(tl, [3, 2])],
  matMulAsync: (tl) => [f(tl, [2, 3]), f(tl, [3, 2])],
  dot: (tl) => [f(tl, [3]), f(tl, [3])],
  outer: (tl) => [f(tl, [2]), f(tl, [3])],
  matrixInverse: (tl) => [tl.tensor([[2, 1], [1, 3]])],
  transpose: (tl) => [f(tl, [2, 3]), [1, 0]],
  concat: (tl) => [[f(tl, [2, 3]), f(tl, [2, 3])], 0],
  stack: (tl) => [[f(tl, [2, 3]), f(tl, [2, 3])], 0],
  unstack: (tl) => [f(tl, [2, 3]), 0],
  split: (tl) => [f(tl, [2, 3]), 3, 1],
  slice: (tl) => [f(tl, [2, 3]), [0, 0], [1, 2]],
  stridedSlice: (tl) => [f(tl, [2, 3]), [0, 0], [1, 2], [1, 1]],
  tile: (tl) => [f(tl, [2, 3]), [2, 1]],
  pad: (tl) => [f(tl, [2, 3]), [[1, 1], [0, 0]]],
  mirrorPad: (tl) => [f(tl, [2, 3]), [[1, 1], [1, 1]], 'reflect'],
  reverse: (tl) => [f(tl, [2, 3]), 0],
  squeeze: (tl) => [f(tl, [1, 3]), [0]],
  expandDims: (tl) => [f(tl, [2, 3]), 0],
  gather: (tl) => [f(tl, [2, 3]), i32(tl, [1, 0]), 0],
  gatherND: (tl) => [f(tl, [2, 3]), i32(tl, [0, 1])],
  scatterND: (tl) => [i32(tl, [0]), f(tl, [3]), [2, 3]],
  unsortedSegmentSum: (tl) => [f(tl, [2, 3]), i32(tl, [0, 1]), 2],
  oneHot: (tl) => [i32(tl, [0, 1, 2]), 3],
  where: (tl) => [b23(tl), f(tl, [2, 3]), f(tl, [2, 3])],
  clipByValue: (tl) => [f(tl, [2, 3]), 0, 1],
  prelu: (tl) => [f(tl, [2, 3]), f(tl, [3])],
  logicalAnd: (tl) => [b23(tl), b23(tl)],
  logicalOr: (tl) => [b23(tl), b23(tl)],
  logicalXor: (tl) => [b23(tl), b23(tl)],
  logicalNot: (tl) => [b23(tl)],
  inTopK: (tl) => [f(tl, [2, 3]), i32(tl, [0, 1]), 1],
  sparseSoftmaxCrossEntropyWithLogits: (tl) => [i32(tl, [0, 1]), f(tl, [2, 3])],
  dropout: (tl) => [f(tl, [2, 3]), 0.5, { seed: 1 }],
  randomShuffle: (tl) => [f(tl, [2, 3]), 1],
  multinomial: (tl) => [f(tl, [2, 3]), 4, { seed: 1 }],
  randomCrop: (tl) => [f(tl, [2, 3]), [1, 2], { seed: 1 }],
  addN: (tl) => [[f(tl, [2, 3]), f(tl, [2, 3])]],
  topK: (tl) => [f(tl, [2, 3]), 2, true],
  conv2d: (tl) => [f(tl, [1, 4, 4, 1]), f(tl, [2, 2, 1, 1]), 1, 'valid'],
  conv1d: (tl) => [f(tl, [1, 4, 1]), f(tl, [2, 1, 1]), 1, 'valid'],
  depthwiseConv2d: (tl) => [f(tl, [1, 4, 4, 1]), f(tl, [2, 2, 1, 1]), 1, 'valid'],
  conv2dTranspose: (tl) => [f(tl, [1, 3, 3, 1]), f(tl, [2, 2, 1, 1]), [1, 4, 4, 1], 1, 'valid'],
  conv2dBackpropInput: (tl) => [[1, 4, 4, 1], f(tl, [1, 3, 3, 1]), f(tl, [2, 2, 1, 1]), 1, 'valid'],
  conv2dBackpropFilter: (tl) => [f(tl, [1, 4, 4, 1]), f(tl, [1, 3, 3, 1]), [2, 2, 1, 1], 1, 'valid'],
  conv3d: (tl) => [f(tl, [1, 3, 3, 3, 1]), f(tl, [2, 2, 2, 1, 1]), 1, 'valid'],
  conv3dTranspose: (tl) => [f(tl, [1, 2, 2, 2, 1]), f(tl, [2, 2, 2, 1, 1]), [1, 3, 3, 3, 1], 1, 'valid'],
  conv3dBackpropInput: (tl) => [[1, 3, 3, 3, 1], f(tl, [1, 2, 2, 2, 1]), f(tl, [2, 2, 2, 1, 1]), 1, 'valid'],
  conv3dBackpropFilter: (tl) => [f(tl, [1, 3, 3, 3, 1]), f(tl, [1, 2, 2, 2, 1]), [2, 2, 2, 1, 1], 1, 'valid'],
  maxPool: (tl) => [f(tl, [1, 4, 4, 1]), 2, 2, 'valid'],
  avgPool: (tl) => [f(tl, [1, 4, 4, 1]), 2, 2, 'valid'],
  maxPool3d: (tl) => [f(tl, [1, 4, 4, 4, 1]), 2, 2, 'valid'],
  avgPool3d: (tl) => [f(tl, [1, 4, 4, 4, 1]), 2, 2, 'valid'],
  maxPoolGrad: (tl) => [f(tl, [1, 2, 2, 1]), f(tl, [1, 4, 4, 1]), f(tl, [1, 2, 2, 1]), 2, 2, 'valid'],
  avgPoolGrad: (tl) => [f(tl, [1, 2, 2, 1]), [1, 4, 4, 1], 2, 2, 'valid'],
  maxPool3dGrad: (tl) => [f(tl, [1, 2, 2, 2, 1]), f(tl, [1, 4, 4, 4, 1]), f(tl, [1, 2, 2, 2, 1]), 2, 2, 'valid'],
  avgPool3dGrad: (tl) => [f(tl, [1, 2, 2, 2, 1]), [1, 4, 4, 4, 1], 2, 2, 'valid'],
  lrn: (tl) => [f(tl, [1, 2, 2, 3]), 1],
  localResponseNormalization: (tl) => [f(tl, [1, 2, 2, 3]), 1],
  lrnGrad: (tl) => [f(tl, [1, 2, 2, 3]), f(tl, [1, 2, 2, 3]), f(tl, [1, 2, 2, 3]), 1],
  fusedBatchNorm: (tl) => [f(tl, [1, 2, 2, 3]), f(tl, [3]), f(tl, [3]), {}],
  batchNorm: (tl) => [f(tl, [2, 3]), f(tl, [3]), f(tl, [3]), f(tl, [3]), f(tl, [3])],
  basicRNNCell: (tl) => [f(tl, [1, 2]), f(tl, [1, 3]), f(tl, [5, 3]), f(tl, [3]), 'tanh'],
  lstmCell: (tl) => [f(tl, [1, 2]), f(tl, [1, 3]), f(tl, [1, 3]), f(tl, [5, 12]), f(tl, [12]), {}],
  basicLSTMCell: (tl) => [f(tl, [1, 2]), f(tl, [1, 3]), f(tl, [1, 3]), f(tl, [5, 12]), f(tl, [12])],
  gruCell: (tl) => [f(tl, [1, 2]), f(tl, [1, 3]), f(tl, [5, 6]), f(tl, [6]), f(tl, [5, 3]), f(tl, [3])],
  lstmSequence: (tl) => [f(tl, [2, 1, 2]), f(tl, [1, 3]), f(tl, [1, 3]), f(tl, [5, 12]), f(tl, [12]), {}],
  gruSequence: (tl) => [f(tl, [2, 1, 2]), f(tl, [1, 3]), f(tl, [5, 6]), f(tl, [6]), f(tl, [5, 3]), f(tl, [3])],
  rnnSequence: (tl) => [f(tl, [2, 1, 2]), f(tl, [1, 3]), f(tl, [5, 3]), f(tl, [3]), 'tanh'],
  biasAdd: (tl) => [f(tl, [2, 3]), f(tl, [3]), 'NHWC'],
  xwPlusB: (tl) => [f(tl, [2, 3]), f(tl, [3, 2]), f(tl, [2])],
  reluLayer: (tl) => [f(tl, [2, 3]), f(tl, [3, 2]), f(tl, [2])],
  embeddingLookup: (tl) => [[f(tl, [2, 3]), f(tl, [1, 3])], i32(tl, [2, 0]), { maxNorm: 1 }],
  weightedCrossEntropyWithLogits: (tl) => [f(tl, [2, 3]), f(tl, [2, 3]), 2],
  separableConv2d: (tl) => [f(tl, [1, 4, 4, 1]), f(tl, [2, 2, 1, 2]), f(tl, [1, 1, 2, 1]), 1, 'valid', {}],
  atrousConv2d: (tl) => [f(tl, [1, 4, 4, 1]), f(tl, [2, 2, 1, 1]), 2, 'valid'],
};

const BINARY = new Set(['add', 'sub', 'mul', 'div', 'pow', 'mod', 'floorDiv', 'maximum', 'minimum', 'atan2', 'squaredDifference',
  'equal', 'notEqual', 'greater', 'greaterEqual', 'less', 'lessEqual', 'softmaxCrossEntropyWithLogits', 'sigmoidCrossEntropyWithLogits']);

/** The hostile values each argument slot receives in turn. */
export const HOSTILE: [string, (tl: Tl) => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['string', () => 'abc'],
  ['object', () => ({})],
  ['unknownKey', () => ({ bogusOption: 1 })],
  ['emptyArray', () => []],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['2^31', () => 2 ** 31],
  ['2^53', () => 2 ** 53],
  ['1e300', () => 1e300],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['axis99', () => 99],
  ['axis-99', () => -99],
  ['shape[null]', () => [null, 2]],
  ['shape[str]', () => ['a', 2]],
  ['shape[-1,-1]', () => [-1, -1]],
  ['shape[1.5]', () => [1.5, 2]],
  ['shape[2^31,2^31]', () => [2 ** 31, 2 ** 31]],
  ['shape[1e300,0]', () => [1e300, 0]],
  ['shape[2^40,4,0,1]', () => [2 ** 40, 4, 0, 1]],
  ['shape[2^53]', () => [2 ** 53]],
  ['disposed', (tl) => { const t = tl.tensor([1, 2, 3]); t.dispose(); return t; }],
  ['empty[0,3]', (tl) => tl.zeros([0, 3])],
  ['int32', (tl) => tl.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32')],
  ['bool', (tl) => b23(tl)],
];

export function publicOps(): string[] {
  return Object.keys(ops).filter((k) => typeof (ops as Record<string, unknown>)[k] === 'function').sort();
}

function baseFor(op: string): (tl: Tl) => unknown[] {
  return BASE[op] ?? (BINARY.has(op) ? (tl) => [f(tl, [2, 3]), f(tl, [2, 3])] : (tl) => [f(tl, [2, 3])]);
}

/** Every op x every slot of its base call (and one past it) x every hostile value. */
export function generatedCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const op of publicOps()) {
    const base = baseFor(op);
    const slots = Math.max(base(fakeTl).length + 1, 2);
    for (let s = 0; s < slots; s++) {
      for (const [hn, hv] of HOSTILE) {
        out.push({ name: `${op} arg${s}=${hn}`, op, args: (tl) => { const a = base(tl); while (a.length <= s) a.push(undefined); a[s] = hv(tl); return a; } });
      }
    }
  }
  return out;
}

// Base builders are called once here only to count their slots; a stand-in that makes no tensors.
const fakeTl = new Proxy({}, { get: () => () => null }) as unknown as Tl;

export function allCases(): HostileCase[] {
  return [...targetedCases(), ...generatedCases()];
}

// Imported last: the hand-written cases live in their own file to keep each under the size rule.
import { targetedCases } from './targeted.js';
