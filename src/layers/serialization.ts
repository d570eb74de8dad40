/**
 * Names and configs for what layers take as options: initializers, regularizers and constraints given by name
 * ('glorotUniform' or Keras's 'glorot_uniform', 'l2', 'max_norm'), by object ({className, config}) or as the
 * functions tl.initializers / tl.train make. Each resolves to the function and serializes back to
 * {className, config}, so a layer's getConfig is JSON and rebuilds the same layer.
 */
import { ArgumentError } from '../core/errors.js';
import type { Variable } from '../core/variable.js';
import * as inits from '../train/initializers.js';
import type { Initializer } from '../train/initializers.js';
import { l1Regularizer, l1l2Regularizer, l2Regularizer, maxNorm, nonNeg, unitNorm } from '../train/regularizers.js';
import type { Constraint, Regularizer } from '../train/regularizers.js';

export interface SerializedObject {
  className: string;
  config: Record<string, unknown>;
}

export type InitializerIdentifier = string | Initializer | SerializedObject;
export type RegularizerIdentifier = string | Regularizer | SerializedObject;
export type ConstraintIdentifier = string | Constraint | SerializedObject;

/** 'glorot_uniform' / 'GlorotUniform' / 'glorotUniform' -> 'glorotUniform'. */
export function toCamelCase(name: string): string {
  const camel = name.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** 'MaxPooling2D' -> 'max_pooling2d', 'BatchNormalization' -> 'batch_normalization' (TF's layer base names). */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2');
  return s.toLowerCase();
}

type Factory<T> = (config: Record<string, unknown>) => T;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const INITIALIZERS: Record<string, Factory<Initializer>> = {
  zeros: () => inits.zeros(),
  ones: () => inits.ones(),
  constant: (c) => inits.constant((c.value as number) ?? 0),
  randomNormal: (c) => inits.randomNormal(num(c.mean) ?? 0, num(c.stddev) ?? 1, num(c.seed)),
  truncatedNormal: (c) => inits.truncatedNormal(num(c.mean) ?? 0, num(c.stddev) ?? 1, num(c.seed)),
  randomUniform: (c) => inits.randomUniform(num(c.minval) ?? 0, num(c.maxval) ?? 1, num(c.seed)),
  varianceScaling: (c) => inits.varianceScaling(c as inits.VarianceScalingOptions),
  glorotUniform: (c) => inits.glorotUniform(num(c.seed)),
  glorotNormal: (c) => inits.glorotNormal(num(c.seed)),
  heNormal: (c) => inits.heNormal(num(c.seed)),
  heUniform: (c) => inits.heUniform(num(c.seed)),
  lecunNormal: (c) => inits.lecunNormal(num(c.seed)),
  lecunUniform: (c) => inits.lecunUniform(num(c.seed)),
  orthogonal: (c) => inits.orthogonal(num(c.gain) ?? 1, num(c.seed)),
  identity: (c) => inits.identity(num(c.gain) ?? 1),
};

// Keras's string 'l2' means l2(0.01) = 0.01 * sum(w^2); tl.train.l2Regularizer(s) is s * sum(w^2) / 2 (TF's).
const REGULARIZERS: Record<string, Factory<Regularizer>> = {
  l1: (c) => l1Regularizer(num(c.l1) ?? 0.01),
  l2: (c) => l2Regularizer(2 * (num(c.l2) ?? 0.01)),
  l1L2: (c) => l1l2Regularizer(num(c.l1) ?? 0.01, 2 * (num(c.l2) ?? 0.01)),
  l1Regularizer: (c) => l1Regularizer(num(c.scale) ?? 0.01),
  l2Regularizer: (c) => l2Regularizer(num(c.scale) ?? 0.01),
  l1l2Regularizer: (c) => l1l2Regularizer(num(c.scaleL1) ?? 1, num(c.scaleL2) ?? 1),
};

const CONSTRAINTS: Record<string, Factory<Constraint>> = {
  maxNorm: (c) => maxNorm(num(c.maxValue) ?? 2, (c.axis as number | number[]) ?? 0),
  unitNorm: (c) => unitNorm((c.axis as number | number[]) ?? 0),
  nonNeg: () => nonNeg(),
};

function resolve<T>(kind: string, table: Record<string, Factory<T>>, id: unknown, where: string): T {
  if (typeof id === 'function') return id as T;
  let className: string;
  let config: Record<string, unknown> = {};
  if (typeof id === 'string') className = id;
  else if (id && typeof id === 'object' && typeof (id as SerializedObject).className === 'string') {
    className = (id as SerializedObject).className;
    config = (id as SerializedObject).config ?? {};
  } else {
    throw new ArgumentError(`${where}: a ${kind} must be a name, a {className, config} object or a function, got ${String(id)}`);
  }
  const f = table[toCamelCase(className)] ?? table[className];
  if (!f) throw new ArgumentError(`${where}: unknown ${kind} '${className}'; known: ${Object.keys(table).join(', ')}`);
  return f(config);
}

export function getInitializer(id: InitializerIdentifier, where = 'initializer'): Initializer {
  return resolve('initializer', INITIALIZERS, id, where);
}

/** null/undefined stay absent (no regularizer). */
export function getRegularizer(id: RegularizerIdentifier | null | undefined, where = 'regularizer'): Regularizer | undefined {
  return id === null || id === undefined ? undefined : resolve('regularizer', REGULARIZERS, id, where);
}

export function getConstraint(id: ConstraintIdentifier | null | undefined, where = 'constraint'): Constraint | undefined {
  return id === null || id === undefined ? undefined : resolve('constraint', CONSTRAINTS, id, where);
}

/** A function made by tl.initializers / tl.train (it carries className and config) as {className, config}. */
export function serializeObject(f: { className?: string; config?: Readonly<Record<string, unknown>> } | null | undefined): SerializedObject | null {
  if (!f) return null;
  if (typeof f.className !== 'string') {
    throw new ArgumentError(`serialize: a custom function without className/config cannot be serialized`);
  }
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.config ?? {})) if (v !== undefined) config[k] = v;
  return { className: f.className, config };
}

/** What addWeight needs of a layer (structural, so this module need not import the Layer class). */
interface WeightOwner {
  addWeight(name: string, shape: number[], opts: { initializer?: Initializer; regularizer?: Regularizer | null; constraint?: Constraint | null }): Variable;
}

/**
 * The initializer, regularizer and constraint of one named weight, given in options as `<prefix>Initializer`,
 * `<prefix>Regularizer`, `<prefix>Constraint` (depthwise, pointwise, alpha, ...): resolved once, serialized
 * back under the same keys, and used to make the weight.
 */
export class WeightParams {
  readonly initializer: Initializer;
  readonly regularizer?: Regularizer;
  readonly constraint?: Constraint;

  constructor(readonly prefix: string, where: string, opts: Record<string, unknown>, defaultInitializer: InitializerIdentifier) {
    this.initializer = getInitializer((opts[`${prefix}Initializer`] as InitializerIdentifier | undefined) ?? defaultInitializer, where);
    this.regularizer = getRegularizer(opts[`${prefix}Regularizer`] as RegularizerIdentifier | null | undefined, where);
    this.constraint = getConstraint(opts[`${prefix}Constraint`] as ConstraintIdentifier | null | undefined, where);
  }

  /** The option keys of a prefix: ['depthwiseInitializer', 'depthwiseRegularizer', 'depthwiseConstraint']. */
  static keys(prefix: string): string[] {
    return [`${prefix}Initializer`, `${prefix}Regularizer`, `${prefix}Constraint`];
  }

  config(): Record<string, unknown> {
    const [i, r, c] = WeightParams.keys(this.prefix) as [string, string, string];
    return { [i]: serializeObject(this.initializer), [r]: serializeObject(this.regularizer), [c]: serializeObject(this.constraint) };
  }

  /** Makes (or, with reuse, finds) the weight `name` of `shape` on `layer`. */
  make(layer: WeightOwner, name: string, shape: number[]): Variable {
    return layer.addWeight(name, shape, { initializer: this.initializer, regularizer: this.regularizer ?? null, constraint: this.constraint ?? null });
  }
}
