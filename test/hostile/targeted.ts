/**
 * Hand-written hostile cases: the findings of issue #13 (hangs on zero-size tensors with huge dims, sizes that
 * reach the typed-array constructor, silently ignored options, lossy integer conversion, odd typed arrays), each
 * with the outcome a tfjs/TF user would expect where the call may succeed.
 */
import type * as TL from '../../src/index.js';
import type { HostileCase } from './cases.js';

type Tl = typeof TL;
const f = (tl: Tl, shape: number[]) => tl.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 7) / 10 + 0.1), shape);

function expectTensor(shape: number[], dtype?: string, values?: number[]) {
  return (r: unknown, tl: Tl) => {
    if (!(r instanceof tl.Tensor)) throw new Error(`expected a tensor, got ${typeof r}`);
    if (JSON.stringify(r.shape) !== JSON.stringify(shape)) throw new Error(`shape ${JSON.stringify(r.shape)}, expected ${JSON.stringify(shape)}`);
    if (dtype && r.dtype !== dtype) throw new Error(`dtype ${r.dtype}, expected ${dtype}`);
    if (values) {
      const got = Array.from(r.dataSync() as ArrayLike<number | bigint>, Number);
      if (JSON.stringify(got) !== JSON.stringify(values)) throw new Error(`values ${JSON.stringify(got)}, expected ${JSON.stringify(values)}`);
    }
  };
}

const c = (name: string, op: string, args: (tl: Tl) => unknown[], check?: HostileCase['check']): HostileCase => ({ name: `#13 ${name}`, op, args, check });

export function targetedCases(): HostileCase[] {
  return [
    // Hangs: a zero-size tensor carrying a huge dimension.
    c('zeros([2^40,4,0,1])', 'zeros', () => [[2 ** 40, 4, 0, 1]]),
    c('fill([1e300,0],1)', 'fill', () => [[1e300, 0], 1]),
    c('reshape(zeros([0]),[1e300,0])', 'reshape', (tl) => [tl.zeros([0]), [1e300, 0]]),
    c('reshape(zeros([0]),[2^40,0])', 'reshape', (tl) => [tl.zeros([0]), [2 ** 40, 0]]),
    c('split(zeros([0]),1e9)', 'split', (tl) => [tl.zeros([0]), 1e9]),
    c('split(zeros([0]),3) gives 3 empty tensors', 'split', (tl) => [tl.zeros([0]), 3], (r) => {
      if (!Array.isArray(r) || r.length !== 3) throw new Error('expected 3 tensors');
    }),
    c('softmax on [65536,0]', 'softmax', (tl) => [tl.zeros([65536, 0])], expectTensor([65536, 0])),
    c('fusedBatchNorm on [65536,0,1,4]', 'fusedBatchNorm', (tl) => [tl.zeros([65536, 0, 1, 4]), tl.ones([4]), tl.zeros([4])]),
    c('maxPool on [0,46000,46000,1]', 'maxPool', (tl) => [tl.zeros([0, 46000, 46000, 1]), 1, 1, 'valid'], expectTensor([0, 46000, 46000, 1])),
    c('avgPool on [1,46000,46000,0]', 'avgPool', (tl) => [tl.zeros([1, 46000, 46000, 0]), 1, 1, 'valid'], expectTensor([1, 46000, 46000, 0])),
    c('maxPoolGrad on [0,46000,46000,1]', 'maxPoolGrad', (tl) => {
      const x = tl.zeros([0, 46000, 46000, 1]);
      return [x, tl.zeros([0, 46000, 46000, 1]), tl.zeros([0, 46000, 46000, 1]), 1, 1, 'valid'];
    }, expectTensor([0, 46000, 46000, 1])),
    c('sum of [46000,46000,0] over the last axis is zeros', 'sum', (tl) => [tl.zeros([2, 46000, 0]), 2], expectTensor([2, 46000])),
    c('lstmSequence T=65536 B=0', 'lstmSequence', (tl) => [tl.zeros([65536, 0, 2]), tl.zeros([0, 3]), tl.zeros([0, 3]), f(tl, [5, 12]), f(tl, [12])]),
    c('gruSequence T=65536 B=0', 'gruSequence', (tl) => [tl.zeros([65536, 0, 2]), tl.zeros([0, 3]), f(tl, [5, 6]), f(tl, [6]), f(tl, [5, 3]), f(tl, [3])]),
    c('rnnSequence T=65536 B=0', 'rnnSequence', (tl) => [tl.zeros([65536, 0, 2]), tl.zeros([0, 3]), f(tl, [5, 3]), f(tl, [3])]),
    // Shapes that are not arrays of sizes.
    c('fill(null)', 'fill', () => [null, 1]),
    c('fill("abc")', 'fill', () => ['abc', 1]),
    c('zeros({})', 'zeros', () => [{}]),
    c('zeros(undefined)', 'zeros', () => [undefined]),
    c('reshape(x, null)', 'reshape', (tl) => [tl.zeros([2]), null]),
    c('reshape(x, "2")', 'reshape', (tl) => [tl.zeros([2]), '2']),
    c('tensor([1], {})', 'tensor', () => [[1], {}]),
    c('tensor([1], "1")', 'tensor', () => [[1], '1']),
    c('tensor nested 10000 deep', 'tensor', () => { let v: unknown = [1]; for (let i = 0; i < 10000; i++) v = [v]; return [v]; }),
    // Sizes reaching the typed-array constructor.
    c('matMul [65536,1]x[1,65536]', 'matMul', (tl) => [tl.ones([65536, 1]), tl.ones([1, 65536])]),
    c('pad 2^31', 'pad', (tl) => [tl.ones([2]), [[2 ** 31, 0]]]),
    c('pad 1e9 x 1e9', 'pad', (tl) => [tl.ones([1, 1]), [[1e9, 0], [1e9, 0]]]),
    c('oneHot depth 2^31', 'oneHot', (tl) => [tl.tensor([0, 1], undefined, 'int32'), 2 ** 31]),
    c('oneHot depth 1e300', 'oneHot', (tl) => [tl.tensor([0, 1], undefined, 'int32'), 1e300]),
    c('unsortedSegmentSum numSegments 2^31', 'unsortedSegmentSum', (tl) => [tl.ones([2]), tl.tensor([0, 1], undefined, 'int32'), 2 ** 31]),
    c('conv2d explicit padding 1e9', 'conv2d', (tl) => [tl.ones([1, 2, 2, 1]), tl.ones([1, 1, 1, 1]), 1, [[0, 0], [1e9, 1e9], [1e9, 1e9], [0, 0]]]),
    c('ones([2^30]) (8 GiB of float64 is over any backend here: OOM or ok)', 'ones', () => [[2 ** 30], 'float64']),
    // Silently accepted.
    c('lstmCell {peephole} typo', 'lstmCell', (tl) => [f(tl, [1, 2]), f(tl, [1, 3]), f(tl, [1, 3]), f(tl, [5, 12]), f(tl, [12]), { peephole: [f(tl, [3])] }]),
    c('fusedBatchNorm {epsilom} typo', 'fusedBatchNorm', (tl) => [f(tl, [1, 2, 2, 3]), f(tl, [3]), f(tl, [3]), { epsilom: 1 }]),
    c('dropout {sed} typo', 'dropout', (tl) => [f(tl, [2, 3]), 0.5, { sed: 1 }]),
    c('lrn rank 3', 'lrn', (tl) => [f(tl, [2, 2, 3])]),
    c('tensor([1e10], int32)', 'tensor', () => [[1e10], undefined, 'int32']),
    c('tensor([NaN], int32)', 'tensor', () => [[NaN], undefined, 'int32']),
    c('tensor(Float32Array[1e10], int32)', 'tensor', () => [new Float32Array([1e10]), undefined, 'int32']),
    c('tensor([1e300], int64)', 'tensor', () => [[1e300], undefined, 'int64']),
    c('tensor([3], int32) is exact', 'tensor', () => [[3, -2147483648], undefined, 'int32'], expectTensor([2], 'int32', [3, -2147483648])),
    c('tensor(Int8Array) is int32', 'tensor', () => [new Int8Array([-1, 2])], expectTensor([2], 'int32', [-1, 2])),
    c('tensor(Int16Array) is int32', 'tensor', () => [new Int16Array([-300, 2])], expectTensor([2], 'int32', [-300, 2])),
    c('tensor(Uint16Array) is int32', 'tensor', () => [new Uint16Array([65535, 2])], expectTensor([2], 'int32', [65535, 2])),
    c('tensor(Uint8ClampedArray) is int32', 'tensor', () => [new Uint8ClampedArray([255, 0])], expectTensor([2], 'int32', [255, 0])),
    c('tensor(Uint32Array) fitting is int32', 'tensor', () => [new Uint32Array([7, 2 ** 31 - 1])], expectTensor([2], 'int32', [7, 2 ** 31 - 1])),
    c('tensor(Uint32Array) 2^32-1 is refused', 'tensor', () => [new Uint32Array([2 ** 32 - 1])]),
    c('tensor(BigUint64Array) fitting is int64', 'tensor', () => [new BigUint64Array([5n])], expectTensor([1], 'int64', [5])),
    c('tensor(BigUint64Array) 2^64-1 is refused', 'tensor', () => [new BigUint64Array([2n ** 64n - 1n])]),
    c('tensor(Uint8Array) stays bool', 'tensor', () => [new Uint8Array([0, 3])], expectTensor([2], 'bool', [0, 1])),
    {
      // The graph and the session are built in args (graph constants stay with the graph); the case itself is
      // runAsync with close() called while it awaits, which must reject with a clear reason and free everything.
      name: '#13 Session.close() during runAsync',
      op: 'Session',
      args: (tl) => {
        tl.resetDefaultGraph();
        tl.disableEagerExecution();
        try {
          const v = tl.variable(tl.ones([2, 2]));
          const y = tl.add(tl.matMul(v, v), v);
          return [() => ({ s: new tl.Session(), y, init: tl.globalVariablesInitializer() })];
        } finally {
          tl.enableEagerExecution();
        }
      },
      run: (_tl, [get]) => {
        const { s, y, init } = (get as () => { s: InstanceType<Tl['Session']>; y: InstanceType<Tl['Tensor']>; init: unknown })();
        s.run(init as never);
        const p = s.runAsync(y);
        s.close();
        return p;
      },
    },
  ];
}
