/**
 * Sizes beyond wasm linear memory (issues #9/#13): every allocation size is checked in exact JS arithmetic
 * before it reaches the module's 32-bit allocator, so an output of 2^32 elements gets a typed
 * OutOfMemoryError instead of a wrapped-around tiny block that the kernel overruns (writing over other live
 * tensors), and a failed allocation leaves every other tensor intact and the backend usable.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { OutOfMemoryError } from '../../src/core/errors.js';
import { expectClose } from '../util/index.js';

const hasWasm = tl.backends().includes('wasm');

describe.skipIf(!hasWasm)('wasm allocation limits', () => {
  const onWasm = <T>(fn: () => T): T => tl.device('/wasm:0', fn);

  /** Runs `fn`, which must fail with OutOfMemoryError, then checks that `keep` and the backend are intact. */
  function expectOomKeeping(fn: () => unknown): void {
    const keep = onWasm(() => tl.tensor([1.5, -2, 3.25, 7], [4]));
    const before = tl.memory().numTensors;
    expect(() => onWasm(fn)).toThrow(OutOfMemoryError);
    expect(tl.memory().numTensors).toBe(before);
    expect(keep.dataId.backend.name).toBe('wasm');
    expectClose(keep, [1.5, -2, 3.25, 7]);
    expectClose(onWasm(() => tl.tidy(() => tl.add(keep, tl.ones([4])))), [2.5, -1, 4.25, 8]);
    keep.dispose();
  }

  it('a matMul whose output has 2^32 elements ([65536,1] x [1,65536]) throws OutOfMemoryError', () => {
    const a = onWasm(() => tl.ones([65536, 1]));
    const b = onWasm(() => tl.ones([1, 65536]));
    expectOomKeeping(() => tl.matMul(a, b));
    expectClose(onWasm(() => tl.tidy(() => tl.sum(a))), 65536);
    tl.dispose([a, b]);
  });

  it('tl.ones / tl.fill of 2^30 floats (4 GiB) throw OutOfMemoryError', () => {
    expectOomKeeping(() => tl.ones([2 ** 30]));
    expectOomKeeping(() => tl.fill([2 ** 15, 2 ** 15], 0.5));
  });

  it('the error names the backend and the size', () => {
    expect(() => onWasm(() => tl.ones([2 ** 30]))).toThrow(/wasm backend: out of memory allocating 4294967296 bytes/);
  });
});
