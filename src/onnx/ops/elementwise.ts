/**
 * Elementwise ONNX operators: arithmetic, unary math, activations, comparisons and logic, and the variadic
 * Min/Max/Mean/Sum. Activations with parameters TF's ops lack (Elu's alpha, Celu, Selu's constants, HardSwish,
 * Mish, ThresholdedRelu) are composed from ops, so their gradients come for free.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

const unary = (f: (x: Tensor) => Tensor): OpDef => ({ translate: (c) => f(c.input(0)) });
const binary = (f: (a: Tensor, b: Tensor) => Tensor): OpDef => ({ translate: (c) => f(c.input(0), c.input(1)) });

const isInt = (t: Tensor) => t.dtype === 'int32' || t.dtype === 'int64';

/** ONNX integer Div truncates toward zero (tensorlane's integer div floors, as TF 1.x). */
function onnxDiv(a: Tensor, b: Tensor): Tensor {
  if (!isInt(a)) return g.div(a, b);
  const q = g.floorDiv(g.abs(a), g.abs(b));
  return g.mul(g.mul(g.sign(a), g.sign(b)), q);
}

/** Mod: fmod=1 keeps the dividend's sign (C fmod); fmod=0 the divisor's (Python %, tensorlane's mod). */
function onnxMod(c: OpContext): Tensor {
  const a = c.input(0), b = c.input(1);
  if (c.int('fmod', 0) === 0) return g.mod(a, b);
  if (isInt(a)) return g.sub(a, g.mul(onnxDiv(a, b), b));
  const q = g.div(a, b);
  return g.sub(a, g.mul(g.mul(g.sign(q), g.floor(g.abs(q))), b));
}

/** Pow allows an exponent of another type; the result has the base's type. */
function onnxPow(a: Tensor, b: Tensor): Tensor {
  return g.pow(a, b.dtype === a.dtype ? b : g.cast(b, a.dtype));
}

function scalarLike(x: Tensor, v: number): Tensor {
  return g.scalar(v, x.dtype);
}

function elu(x: Tensor, alpha: number): Tensor {
  return g.where(g.greater(x, scalarLike(x, 0)), x, g.mul(scalarLike(x, alpha), g.expm1(x)));
}

function hardSigmoid(x: Tensor, alpha: number, beta: number): Tensor {
  return g.clipByValue(g.add(g.mul(x, scalarLike(x, alpha)), scalarLike(x, beta)), 0, 1);
}

/** Folds a variadic op (Sum, Min, Max) over its inputs with numpy broadcasting. */
function variadic(f: (a: Tensor, b: Tensor) => Tensor): OpDef {
  return {
    translate: (c) => {
      const xs = c.inputs.filter((t): t is Tensor => !!t);
      if (xs.length === 0) throw c.error('needs at least one input');
      return xs.slice(1).reduce(f, xs[0]!);
    },
  };
}

export const ELEMENTWISE_OPS: Record<string, OpDef> = {
  Add: binary(g.add),
  Sub: binary(g.sub),
  Mul: binary(g.mul),
  Div: binary(onnxDiv),
  Pow: binary(onnxPow),
  Mod: { translate: onnxMod },
  Neg: unary(g.neg),
  Abs: unary(g.abs),
  Sqrt: unary(g.sqrt),
  Exp: unary(g.exp),
  Log: unary(g.log),
  Reciprocal: unary(g.reciprocal),
  Floor: unary(g.floor),
  Ceil: unary(g.ceil),
  Round: unary(g.round),
  Sign: unary(g.sign),
  Erf: unary(g.erf),
  Sin: unary(g.sin),
  Cos: unary(g.cos),
  Tan: unary(g.tan),
  Asin: unary(g.asin),
  Acos: unary(g.acos),
  Atan: unary(g.atan),
  Sinh: unary(g.sinh),
  Cosh: unary(g.cosh),
  Tanh: unary(g.tanh),
  Sigmoid: unary(g.sigmoid),
  Relu: unary(g.relu),
  Softplus: unary(g.softplus),
  Softsign: unary(g.softsign),
  IsNaN: unary(g.isNaN),
  LeakyRelu: { translate: (c) => g.leakyRelu(c.input(0), c.float('alpha', 0.01)) },
  Elu: { translate: (c) => elu(c.input(0), c.float('alpha', 1)) },
  Selu: {
    translate: (c) => {
      const x = c.input(0);
      const alpha = c.float('alpha', 1.67326319217681884765625), gamma = c.float('gamma', 1.05070102214813232421875);
      return g.mul(scalarLike(x, gamma), elu(x, alpha));
    },
  },
  Celu: {
    translate: (c) => {
      const x = c.input(0);
      const alpha = c.float('alpha', 1);
      // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
      return g.add(g.relu(x), g.minimum(scalarLike(x, 0), g.mul(scalarLike(x, alpha), g.expm1(g.div(x, scalarLike(x, alpha))))));
    },
  },
  ThresholdedRelu: {
    translate: (c) => {
      const x = c.input(0);
      return g.where(g.greater(x, scalarLike(x, c.float('alpha', 1))), x, g.zerosLike(x));
    },
  },
  PRelu: {
    // max(0, x) + slope * min(0, x), with the slope broadcast to x (unidirectionally).
    translate: (c) => {
      const x = c.input(0), slope = c.input(1);
      return g.add(g.relu(x), g.mul(slope, g.minimum(x, scalarLike(x, 0))));
    },
  },
  HardSigmoid: { translate: (c) => hardSigmoid(c.input(0), c.float('alpha', 0.2), c.float('beta', 0.5)) },
  HardSwish: { translate: (c) => g.mul(c.input(0), hardSigmoid(c.input(0), 1 / 6, 0.5)) },
  Gelu: {
    translate: (c) => {
      const approx = c.str('approximate', 'none');
      if (approx !== 'none' && approx !== 'tanh') throw c.error(`approximate '${approx}' is not 'none' or 'tanh'`);
      return g.gelu(c.input(0), approx === 'tanh');
    },
  },
  Mish: { translate: (c) => g.mul(c.input(0), g.tanh(g.softplus(c.input(0)))) },
  // The inverse hyperbolics from logs: asinh x = log(x + sqrt(x^2 + 1)), acosh x = log(x + sqrt(x^2 - 1)),
  // atanh x = log((1 + x) / (1 - x)) / 2.
  Asinh: { translate: (c) => { const x = c.input(0); return g.log(g.add(x, g.sqrt(g.add(g.square(x), scalarLike(x, 1))))); } },
  Acosh: { translate: (c) => { const x = c.input(0); return g.log(g.add(x, g.sqrt(g.sub(g.square(x), scalarLike(x, 1))))); } },
  Atanh: {
    translate: (c) => {
      const x = c.input(0), one = scalarLike(x, 1);
      return g.mul(scalarLike(x, 0.5), g.log(g.div(g.add(one, x), g.sub(one, x))));
    },
  },
  IsInf: {
    translate: (c) => {
      const x = c.input(0);
      const pos = c.int('detect_positive', 1) === 1, neg = c.int('detect_negative', 1) === 1;
      const isPos = g.equal(x, scalarLike(x, Infinity)), isNeg = g.equal(x, scalarLike(x, -Infinity));
      if (pos && neg) return g.logicalOr(isPos, isNeg);
      if (pos) return isPos;
      if (neg) return isNeg;
      return g.logicalAnd(isPos, isNeg);
    },
  },
  Shrink: {
    // x - bias where x > lambd, x + bias where x < -lambd, else 0.
    translate: (c) => {
      const x = c.input(0), lambd = c.float('lambd', 0.5), bias = c.float('bias', 0);
      const zero = g.zerosLike(x);
      return g.where(g.greater(x, scalarLike(x, lambd)), g.sub(x, scalarLike(x, bias)), g.where(g.less(x, scalarLike(x, -lambd)), g.add(x, scalarLike(x, bias)), zero));
    },
  },
  Equal: binary(g.equal),
  Less: binary(g.less),
  Greater: binary(g.greater),
  LessOrEqual: binary(g.lessEqual),
  GreaterOrEqual: binary(g.greaterEqual),
  And: binary(g.logicalAnd),
  Or: binary(g.logicalOr),
  Xor: binary(g.logicalXor),
  Not: unary(g.logicalNot),
  Where: { translate: (c) => g.where(c.input(0), c.input(1), c.input(2)) },
  Min: variadic(g.minimum),
  Max: variadic(g.maximum),
  Sum: variadic(g.add),
  Mean: {
    translate: (c) => {
      const xs = c.inputs.filter((t): t is Tensor => !!t);
      if (xs.length === 0) throw c.error('needs at least one input');
      const s = xs.slice(1).reduce((a, b) => g.add(a, b), xs[0]!);
      return g.div(s, scalarLike(s, xs.length));
    },
  },
};
