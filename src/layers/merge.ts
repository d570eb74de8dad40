/**
 * Merge layers (Keras): Concatenate along an axis, the elementwise Add, Subtract, Multiply, Average, Maximum,
 * Minimum of a list of same-shaped inputs, and Dot (per-example dot products of two inputs along an axis each).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { reshapeKeepBatch } from './core.js';
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

/** x / sqrt(max(sum(x^2 over axis), 1e-12)), as tf.linalg.l2_normalize. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return ops.mul(x, ops.rsqrt(ops.maximum(ops.sum(ops.square(x), axis, true), ops.scalar(1e-12, x.dtype))));
}

const fmt = (s: Shape) => `[${s.map((d) => d ?? '?').join(',')}]`;

/**
 * Per-example dot products of two inputs (Keras's batch_dot): axes [a, b] (or one axis for both) name the axis
 * of each input that is summed over (axis 0 is the batch and cannot be one). The result has the remaining axes
 * of the first input, then those of the second: [batch, n] . [batch, n] -> [batch, 1]; [batch, n, m] with
 * axes [2, 1] . [batch, m, k] -> [batch, n, k]. With `normalize` the inputs are first l2-normalized along those
 * axes, so the result is their cosine similarity.
 */
export class Dot extends Layer {
  static override readonly className: string = 'Dot';
  readonly axes: number[];
  readonly normalize: boolean;

  constructor(axes: number | number[], opts: LayerArgs & { normalize?: boolean } = {}) {
    checkLayerOptions('Dot', opts, ['normalize']);
    super(baseArgs(opts as Record<string, unknown>));
    const list = typeof axes === 'number' ? [axes, axes] : axes;
    if (!Array.isArray(list) || list.length !== 2 || list.some((a) => !Number.isInteger(a))) {
      throw new ArgumentError(`Dot: 'axes' must be an integer or a list of 2 integers, got ${JSON.stringify(axes)}`);
    }
    this.axes = [...list];
    if (opts.normalize !== undefined && typeof opts.normalize !== 'boolean') throw new ArgumentError(`Dot: 'normalize' must be a boolean, got ${String(opts.normalize)}`);
    this.normalize = opts.normalize ?? false;
  }

  /** The two axes as non-negative indices, checked against the shapes (same known size, not the batch). */
  private resolve(sx: Shape, sy: Shape): [number, number] {
    const [ax, ay] = this.axes.map((a, i) => {
      const r = (i === 0 ? sx : sy).length;
      return a < 0 ? a + r : a;
    }) as [number, number];
    if (sx.length < 2 || sy.length < 2) throw new ShapeError(`${this.name}: Dot needs inputs of rank >= 2 ([batch, ...]), got shapes ${fmt(sx)} and ${fmt(sy)}`);
    if (ax < 1 || ax >= sx.length || ay < 1 || ay >= sy.length) {
      throw new ShapeError(`${this.name}: axes ${JSON.stringify(this.axes)} must be axes past the batch of the inputs ${fmt(sx)} and ${fmt(sy)}`);
    }
    const [dx, dy] = [sx[ax], sy[ay]];
    if (dx !== null && dy !== null && dx !== dy) {
      throw new ShapeError(`${this.name}: axis ${ax} of ${fmt(sx)} (size ${dx}) and axis ${ay} of ${fmt(sy)} (size ${dy}) must have the same size`);
    }
    return [ax, ay];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const xs = list(this.name, inputs);
    if (xs.length !== 2) throw new ArgumentError(`${this.name}: expects exactly 2 inputs, got ${xs.length}`);
    let [x, y] = xs as [Tensor, Tensor];
    const sx = x.shape.map((d) => (d < 0 ? null : d));
    const sy = y.shape.map((d) => (d < 0 ? null : d));
    const [ax, ay] = this.resolve(sx, sy);
    const restX = sx.filter((_, i) => i !== 0 && i !== ax);
    const restY = sy.filter((_, i) => i !== 0 && i !== ay);
    const n = sx[ax] ?? sy[ay] ?? null;
    if (n === null || [...restX, ...restY].some((d) => d === null)) {
      throw new ShapeError(`${this.name}: Dot needs every dimension but the batch known, got shapes ${fmt(sx)} and ${fmt(sy)}`);
    }
    if (this.normalize) {
      x = l2Normalize(x, ax);
      y = l2Normalize(y, ay);
    }
    // As a batched matMul: x to [batch, X, n] (the summed axis last), y to [batch, n, Y] (the summed axis first).
    const keep = (r: number, a: number) => Array.from({ length: r }, (_, i) => i).filter((i) => i !== 0 && i !== a);
    const px = [0, ...keep(x.rank, ax), ax];
    const py = [0, ay, ...keep(y.rank, ay)];
    const moved = (p: number[]) => p.some((v, i) => v !== i);
    const size = (s: (number | null)[]) => (s as number[]).reduce((a, b) => a * b, 1);
    const x3 = reshapeKeepBatch(moved(px) ? ops.transpose(x, px) : x, [size(restX), n]);
    const y3 = reshapeKeepBatch(moved(py) ? ops.transpose(y, py) : y, [n, size(restY)]);
    const rest = [...restX, ...restY] as number[];
    return reshapeKeepBatch(ops.matMul(x3, y3), rest.length > 0 ? rest : [1]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const ss = shapes(this.name, inputShape);
    if (ss.length !== 2) throw new ArgumentError(`${this.name}: expects exactly 2 inputs, got ${ss.length}`);
    const [sx, sy] = ss as [Shape, Shape];
    const [ax, ay] = this.resolve(sx, sy);
    const rest = [...sx.filter((_, i) => i !== 0 && i !== ax), ...sy.filter((_, i) => i !== 0 && i !== ay)];
    return [sx[0] ?? null, ...(rest.length > 0 ? rest : [1])];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: [...this.axes], normalize: this.normalize };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { axes, ...rest } = config;
    return new Dot(axes as number[], rest);
  }
}

for (const cls of [Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot]) registerLayer(cls);
