/**
 * Calling the addon's run / runAsync directly from tests, in the readable form (inputs, their shapes, outputs,
 * their shapes, an attrs object): encodes meta with the backend's own encoder (addon_kernel.ts encodeMeta).
 * RUN_JS is the same for child-process scripts (plain JS, no imports): `call(b, id, ins, inShapes, outs,
 * outShapes, attrs)` and `callAsync(...)`, written independently from the schema, so the tests also check the
 * layout the TS encoder writes against what the addon reads.
 */
import type { Attrs } from '../../src/core/backend.js';
import type { NativeArray, NativeBinding } from '../../src/backends/native/binding.js';
import { encodeMeta } from '../../src/backends/native/kernels/addon_kernel.js';

type Shapes = readonly (readonly number[])[];

function meta(b: NativeBinding, id: number, inShapes: Shapes, outShapes: Shapes, attrs: object): Float64Array {
  const k = b.kernels()[id];
  // An unknown id: a meta without attrs (the addon refuses the id first).
  if (!k) return Float64Array.from([inShapes.length, ...[...inShapes, ...outShapes].flatMap((s) => [s.length, ...s])]);
  return encodeMeta(k, inShapes, outShapes, attrs as Attrs);
}

export function runKernel(b: NativeBinding, id: number, ins: NativeArray[], inShapes: Shapes, outs: NativeArray[], outShapes: Shapes,
  attrs: object): void {
  b.run(id, meta(b, id, inShapes, outShapes, attrs), ...ins, ...outs);
}

export function runKernelAsync(b: NativeBinding, id: number, ins: NativeArray[], inShapes: Shapes, outs: NativeArray[], outShapes: Shapes,
  attrs: object): Promise<void> {
  return b.runAsync(id, meta(b, id, inShapes, outShapes, attrs), ...ins, ...outs);
}

export const RUN_JS = `
function metaOf(b, id, inShapes, outShapes, attrs) {
  const m = [inShapes.length];
  for (const s of [...inShapes, ...outShapes]) m.push(s.length, ...s);
  for (const a of (b.kernels()[id] || { attrs: [] }).attrs) {
    const v = attrs[a.name];
    if (a.kind === 'bool') m.push(v === undefined ? -1 : v ? 1 : 0);
    else if (a.kind === 'number') m.push(v === undefined ? 0 : 1, v === undefined ? 0 : v);
    else if (a.kind === 'ints') { if (v === undefined) m.push(-1); else m.push(v.length, ...v); }
    else m.push(v === undefined ? -1 : a.values.indexOf(v) >= 0 ? a.values.indexOf(v) : -2);
  }
  return Float64Array.from(m);
}
function call(b, id, ins, inShapes, outs, outShapes, attrs) { return b.run(id, metaOf(b, id, inShapes, outShapes, attrs), ...ins, ...outs); }
function callAsync(b, id, ins, inShapes, outs, outShapes, attrs) { return b.runAsync(id, metaOf(b, id, inShapes, outShapes, attrs), ...ins, ...outs); }
`;
