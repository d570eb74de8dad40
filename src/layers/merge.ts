/**
 * Merge layers (Keras): Concatenate along an axis, and the elementwise Add, Subtract, Multiply, Average, Maximum,
 * Minimum of a list of same-shaped inputs.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions } from './layer_util.js';

function list(where: string, inputs: Tensor | Tensor[], min = 2): Tensor[] {
  if (!Array.isArray(inputs) || inputs.length < min) {
    throw new ArgumentError(`${where}: expects a list of at least ${min} inputs, got ${Array.isArray(inputs) ? inputs.length : 'one tensor'}`);
  }
  return inputs;
}

function shapes(where: string, s: Shape | Shape[]): Shape[] {
  if (!Array.isArray(s[0])) throw new ArgumentError(`${where}: expects a list of inputs`);
  return s as Shape[];
}

type Combine = (xs: Tensor[]) => Tensor;

abstract class ElementwiseMerge extends Layer {
  protected abstract combine: Combine;
  protected readonly exactly?: number;

  call(inputs: Tensor | Tensor[]): Tensor {
    const xs = list(this.name, inputs);
    if (this.exactly !== undefined && xs.length !== this.exactly) throw new ArgumentError(`${this.name}: expects exactly ${this.exactly} inputs, got ${xs.length}`);
    return this.combine(xs);
  }

  /** The broadcast of the input shapes (null where unknown). */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const ss = shapes(this.name, inputShape);
    const rank = Math.max(...ss.map((s) => s.length));
    return Array.from({ length: rank }, (_, i) => {
      const dims = ss.map((s) => s[s.length - rank + i]).filter((d) => d !== undefined && d !== 1);
      if (dims.some((d) => d === null)) return null;
      const known = [...new Set(dims)] as number[];
      if (known.length > 1) throw new ShapeError(`${this.name}: input shapes ${JSON.stringify(ss)} do not broadcast`);
      return known[0] ?? 1;
    });
  }
}

const sumAll: Combine = (xs) => xs.slice(1).reduce((a, b) => ops.add(a, b), xs[0]!);

abstract class NamedMerge extends ElementwiseMerge {
  constructor(opts: LayerArgs = {}) {
    checkLayerOptions((new.target as unknown as { className: string }).className, opts, []);
    super(opts);
  }
}

export class Add extends NamedMerge {
  static override readonly className: string = 'Add';
  protected combine = sumAll;
}
export class Subtract extends NamedMerge {
  static override readonly className: string = 'Subtract';
  protected override readonly exactly = 2;
  protected combine: Combine = ([a, b]) => ops.sub(a!, b!);
}
export class Multiply extends NamedMerge {
  static override readonly className: string = 'Multiply';
  protected combine: Combine = (xs) => xs.slice(1).reduce((a, b) => ops.mul(a, b), xs[0]!);
}
export class Average extends NamedMerge {
  static override readonly className: string = 'Average';
  protected combine: Combine = (xs) => ops.div(sumAll(xs), xs.length);
}
export class Maximum extends NamedMerge {
  static override readonly className: string = 'Maximum';
  protected combine: Combine = (xs) => xs.slice(1).reduce((a, b) => ops.maximum(a, b), xs[0]!);
}
export class Minimum extends NamedMerge {
  static override readonly className: string = 'Minimum';
  protected combine: Combine = (xs) => xs.slice(1).reduce((a, b) => ops.minimum(a, b), xs[0]!);
}

/** Concatenates a list of inputs along `axis` (default -1). */
export class Concatenate extends Layer {
  static override readonly className: string = 'Concatenate';
  readonly axis: number;

  constructor(opts: LayerArgs & { axis?: number } = {}) {
    checkLayerOptions('Concatenate', opts, ['axis']);
    super(baseArgs(opts as Record<string, unknown>));
    this.axis = opts.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`Concatenate: 'axis' must be an integer, got ${String(opts.axis)}`);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.concat(list(this.name, inputs, 1), this.axis);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const ss = shapes(this.name, inputShape);
    const rank = ss[0]!.length;
    const ax = this.axis < 0 ? rank + this.axis : this.axis;
    if (ax < 0 || ax >= rank || ss.some((s) => s.length !== rank)) throw new ShapeError(`${this.name}: cannot concatenate shapes ${JSON.stringify(ss)} on axis ${this.axis}`);
    const out = [...ss[0]!];
    out[ax] = ss.some((s) => s[ax] === null) ? null : ss.reduce((n, s) => n + (s[ax] as number), 0);
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

for (const cls of [Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate]) registerLayer(cls);
