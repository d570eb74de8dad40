/**
 * Cases the hostile runner must flag (hostile.test.ts checks it does): an untyped error, a typed error that
 * does not name the op, a leak, a wrong result, a hang and a process crash; and one passing case after each
 * bad one to show the runner goes on from the next case.
 */
import type { HostileCase } from './cases.js';

export function allCases(): HostileCase[] {
  return [
    { name: 'untyped TypeError', op: 'add', args: () => [], run: () => (null as unknown as { map: () => void }).map() },
    { name: 'typed but does not name the op', op: 'add', args: () => [], run: (tl) => { throw new tl.ShapeError('something: wrong'); } },
    { name: 'leaks a tensor', op: 'add', args: () => [], run: (tl) => { tl.ones([2]); throw new tl.ArgumentError('add: bad'); } },
    { name: 'wrong result', op: 'add', args: (tl) => [tl.ones([2]), 1], check: (r, tl) => { if ((r as InstanceType<typeof tl.Tensor>).dataSync()[0] !== 3) throw new Error('not 3'); } },
    { name: 'hangs', op: 'add', args: () => [], run: () => { for (;;); } },
    { name: 'passes after a hang', op: 'add', args: (tl) => [tl.ones([2]), 1] },
    { name: 'crashes the process', op: 'add', args: () => [], run: () => process.exit(70) },
    { name: 'passes after a crash', op: 'add', args: (tl) => [tl.ones([2]), 1] },
    { name: 'typed error naming the op', op: 'add', args: (tl) => [tl.ones([2]), tl.ones([3])] },
  ];
}
