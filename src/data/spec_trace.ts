/**
 * Element specs that depend on user functions: map's (a dry run of the function on shape-only stand-ins),
 * flatMap / interleave's (the spec of the dataset the function returns for stand-ins), and, when a function needs
 * values, the spec read from a first element.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { Graph } from '../graph/graph.js';
import { placeholder } from '../graph/placeholder.js';
import { releaseCapturedConstants } from '../graph/op_wrapper.js';
import { dryRun } from '../graph/symbolic.js';
import { ReleaseScope } from './capture.js';
import type { Dataset } from './dataset.js';
import { buildFromSpec, disposeElement, isPlainObject, specLeaves, specOf, STRING_SPEC, TensorSpec, type Element, type ElementSpec } from './element.js';
import { EMPTY_ENV, END } from './pipeline.js';

/**
 * A spec read from the first element of a fresh synchronous pass, with every dim unknown (later elements may
 * differ). Where dtypes were declared, they win.
 */
export function peekSpec(ds: Dataset, where: string, declared?: ElementSpec): ElementSpec {
  if (ds.captures.length > 0 || ds.isAsync) {
    throw new ArgumentError(
      `${where}: the element structure is not known before running (${ds.isAsync ? 'asynchronous source' : 'depends on placeholders'}); ` +
        'give fromGenerator outputTypes and outputShapes, or a map function made of tl ops',
    );
  }
  const it = ds.open(EMPTY_ENV);
  try {
    const el = it.nextSync();
    if (el === END) return declared ?? [];
    const spec = specOf(el, true);
    disposeElement(el);
    return spec;
  } finally {
    it.close();
  }
}

/** Placeholders (in a scratch graph) standing for the elements of `spec`; undefined when it holds strings. */
function standIns(spec: ElementSpec, scratch = new Graph()): Tensor[] | undefined {
  const leaves = specLeaves(spec);
  if (!leaves.every((s) => s instanceof TensorSpec)) return undefined;
  return scratch.asDefault(() => leaves.map((s) => placeholder((s as TensorSpec).dtype, (s as TensorSpec).shape)));
}

/** The spec of map(fn): a dry run of fn on shape-only stand-ins of the input spec; a first element as fallback. */
export function traceMapSpec(input: Dataset, fn: (el: any) => unknown, self: Dataset): ElementSpec {
  const inSpec = input.elementSpec;
  const stand = standIns(inSpec);
  if (stand) {
    try {
      const { template, outputs } = dryRun('Dataset.map', (el: unknown) => toDryElement(fn(el)), [buildFromSpec(inSpec, stand)], stand);
      let k = 0;
      return specOfTemplate(template, () => {
        const o = outputs[k++]!;
        return new TensorSpec(o.shape, o.dtype);
      });
    } catch {
      // fn needs values (or uses strings): fall back to running it on a first element.
    }
  }
  return peekSpec(self, 'Dataset.map');
}

export interface NestedTrace {
  spec?: ElementSpec;
  isAsync: boolean;
  captures: Tensor[];
}

/**
 * What flatMap / interleave's function returns for stand-ins of the input spec (symbolic tensors, so datasets
 * made from them capture nothing): whether the returned dataset is asynchronous, the placeholders of the user's
 * graph it reads, and its spec (undefined when it is known only by running, e.g. an async generator without
 * outputTypes). Undefined when the function needs
 * values, uses strings or does not return a dataset; the caller then reads a first element.
 */
export function traceNestedDataset(input: Dataset, call: (el: Element) => unknown, isDataset: (x: unknown) => x is Dataset): NestedTrace | undefined {
  // Concrete tensors the function captures in datasets (constants) are freed with the scope.
  const scope = new ReleaseScope();
  const scratch = new Graph();
  try {
    const inSpec = input.elementSpec;
    const stand = standIns(inSpec, scratch);
    if (!stand) return undefined;
    return scope.run(() => {
      // Concrete tensors the function makes along the way (constants it combines with the stand-ins) are freed.
      const ds = ENGINE.tidy(() => call(buildFromSpec(inSpec, stand)));
      if (!isDataset(ds)) return undefined;
      let spec: ElementSpec | undefined;
      try {
        spec = ds.elementSpec;
      } catch {
        // Known only by running: the caller reads a first element.
      }
      // Graph tensors of the user's graph the function's datasets read (placeholders it closes over).
      const captures = ds.captures.filter((t) => t.graphRef?.graph !== scratch);
      return { spec, isAsync: ds.isAsync, captures };
    });
  } catch {
    return undefined;
  } finally {
    scope.release();
    // Constants the function combined with the stand-ins were captured by the scratch graph's nodes.
    releaseCapturedConstants(scratch);
  }
}

/** Numbers and booleans a map function returns stand for scalar tensors (as they become at run time). */
function toDryElement(r: unknown): unknown {
  if (typeof r === 'number') return new TensorSpec([], 'float32');
  if (typeof r === 'boolean') return new TensorSpec([], 'bool');
  if (Array.isArray(r)) return r.map(toDryElement);
  if (isPlainObject(r)) return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toDryElement(v)]));
  return r;
}

function specOfTemplate(t: unknown, nextTensor: () => TensorSpec): ElementSpec {
  if (t instanceof Tensor) return nextTensor();
  if (t instanceof TensorSpec) return t;
  if (typeof t === 'string') return STRING_SPEC;
  if (Array.isArray(t)) return t.map((v) => specOfTemplate(v, nextTensor));
  if (isPlainObject(t)) return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, specOfTemplate(v, nextTensor)]));
  throw new ArgumentError(`Dataset.map: the function returned ${t === null ? 'null' : typeof t}, which is not a dataset element`);
}
