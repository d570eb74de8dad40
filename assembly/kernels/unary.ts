// Elementwise unary kernels on float32. The piecewise-linear ones, the roots and exp/sigmoid run on f32x4
// lanes; the transcendental functions without a vector form here use float32 library math (Mathf) lane by
// lane, or float64 Math where float32 would lose accuracy the js oracle keeps (expm1/log1p tails).

import { ld, st, splat, vmul, vdiv, vmax, vmin, vneg, vabs, vsqrt, vzero, vexp, vsigmoid, vtanh } from '../simd';

// Private to this file: they select a branch of vop/sop in each specialized export below.
const NEG = 0, ABS = 1, SQUARE = 2, SQRT = 3, RSQRT = 4, RECIPROCAL = 5, EXP = 6, EXPM1 = 7, LOG = 8, LOG1P = 9,
  TANH = 10, SIGMOID = 11, RELU = 12, RELU6 = 13, ELU = 14, SELU = 15, SOFTPLUS = 16, FLOOR = 17, CEIL = 18,
  ROUND = 19, SIGN = 20, LEAKYRELU = 21, STEP = 22, SIN = 23, COS = 24, TAN = 25, ASIN = 26, ACOS = 27, ATAN = 28,
  SINH = 29, COSH = 30;

const SELU_SCALE: f64 = 1.0507009873554804934193349852946;
const SELU_ALPHA: f64 = 1.6732632423543772848170429916717;

/** The vector form of op, or false when the op has none (the caller then runs the scalar loop). */
@inline function hasVector(op: i32): bool {
  return op <= EXP || op == TANH || op == SIGMOID || op == RELU || op == RELU6 || (op >= FLOOR && op <= ROUND) || op == LEAKYRELU || op == STEP;
}

@inline function vop(op: i32, x: v128, alpha: f32): v128 {
  switch (op) {
    case NEG: return vneg(x);
    case ABS: return vabs(x);
    case SQUARE: return vmul(x, x);
    case SQRT: return vsqrt(x);
    case RSQRT: return vdiv(splat(1), vsqrt(x));
    case RECIPROCAL: return vdiv(splat(1), x);
    case EXP: return vexp(x);
    case TANH: return vtanh(x);
    case SIGMOID: return vsigmoid(x);
    case RELU: return vmax(x, vzero()); // wasm max keeps NaN, as TF's Relu
    case RELU6: return vmin(vmax(x, vzero()), splat(6));
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x); // round half to even
    case LEAKYRELU: return v128.bitselect(x, vmul(x, splat(alpha)), f32x4.gt(x, vzero()));
    case STEP: {
      const r = v128.bitselect(splat(1), splat(alpha), f32x4.gt(x, vzero()));
      return v128.bitselect(x, r, f32x4.ne(x, x));
    }
  }
  return x;
}

@inline function sop(op: i32, x: f32, alpha: f32): f32 {
  switch (op) {
    case NEG: return -x;
    case ABS: return abs<f32>(x);
    case SQUARE: return x * x;
    case SQRT: return sqrt<f32>(x);
    case RSQRT: return 1 / sqrt<f32>(x);
    case RECIPROCAL: return 1 / x;
    case EXP: return Mathf.exp(x);
    case EXPM1: return <f32>Math.expm1(<f64>x);
    case LOG: return Mathf.log(x);
    case LOG1P: return <f32>Math.log1p(<f64>x);
    case TANH: return Mathf.tanh(x);
    case SIGMOID: {
      if (x >= 0) return 1 / (1 + Mathf.exp(-x));
      const e = Mathf.exp(x);
      return e / (1 + e);
    }
    case RELU: return max<f32>(x, 0);
    case RELU6: return min<f32>(max<f32>(x, 0), 6);
    case ELU: return x > 0 ? x : <f32>Math.expm1(<f64>x);
    case SELU: return x > 0 ? <f32>(SELU_SCALE * <f64>x) : <f32>(SELU_SCALE * SELU_ALPHA * Math.expm1(<f64>x));
    case SOFTPLUS: return <f32>(Math.max(<f64>x, 0) + Math.log1p(Math.exp(-Math.abs(<f64>x))));
    case FLOOR: return floor<f32>(x);
    case CEIL: return ceil<f32>(x);
    case ROUND: return nearest<f32>(x);
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : x; // keeps -0, +0 and NaN
    case LEAKYRELU: return x > 0 ? x : alpha * x;
    case STEP: return x > 0 ? 1 : x != x ? x : alpha;
    case SIN: return <f32>Math.sin(<f64>x);
    case COS: return <f32>Math.cos(<f64>x);
    case TAN: return <f32>Math.tan(<f64>x);
    case ASIN: return <f32>Math.asin(<f64>x);
    case ACOS: return <f32>Math.acos(<f64>x);
    case ATAN: return <f32>Math.atan(<f64>x);
    case SINH: return <f32>Math.sinh(<f64>x);
    case COSH: return <f32>Math.cosh(<f64>x);
  }
  return x;
}

@inline function run(op: i32, x: usize, o: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (hasVector(op)) {
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vop(op, ld(x + off), alpha)); }
  }
  for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, sop(op, load<f32>(x + off), alpha)); }
}

// The kernels, exported under their kernel names (the host binds each by name and registers exactly these):
// out[i] = op(x[i]) for n elements; alpha is LeakyRelu's / Step's attribute (ignored by the others). out may
// equal x. Each body inlines `run` with a constant op, so the op switches fold away inside the loops.
export function Neg(x: usize, out: usize, n: i32, alpha: f32): void { run(NEG, x, out, n, alpha); }
export function Abs(x: usize, out: usize, n: i32, alpha: f32): void { run(ABS, x, out, n, alpha); }
export function Square(x: usize, out: usize, n: i32, alpha: f32): void { run(SQUARE, x, out, n, alpha); }
export function Sqrt(x: usize, out: usize, n: i32, alpha: f32): void { run(SQRT, x, out, n, alpha); }
export function Rsqrt(x: usize, out: usize, n: i32, alpha: f32): void { run(RSQRT, x, out, n, alpha); }
export function Reciprocal(x: usize, out: usize, n: i32, alpha: f32): void { run(RECIPROCAL, x, out, n, alpha); }
export function Exp(x: usize, out: usize, n: i32, alpha: f32): void { run(EXP, x, out, n, alpha); }
export function Expm1(x: usize, out: usize, n: i32, alpha: f32): void { run(EXPM1, x, out, n, alpha); }
export function Log(x: usize, out: usize, n: i32, alpha: f32): void { run(LOG, x, out, n, alpha); }
export function Log1p(x: usize, out: usize, n: i32, alpha: f32): void { run(LOG1P, x, out, n, alpha); }
export function Tanh(x: usize, out: usize, n: i32, alpha: f32): void { run(TANH, x, out, n, alpha); }
export function Sigmoid(x: usize, out: usize, n: i32, alpha: f32): void { run(SIGMOID, x, out, n, alpha); }
export function Relu(x: usize, out: usize, n: i32, alpha: f32): void { run(RELU, x, out, n, alpha); }
export function Relu6(x: usize, out: usize, n: i32, alpha: f32): void { run(RELU6, x, out, n, alpha); }
export function Elu(x: usize, out: usize, n: i32, alpha: f32): void { run(ELU, x, out, n, alpha); }
export function Selu(x: usize, out: usize, n: i32, alpha: f32): void { run(SELU, x, out, n, alpha); }
export function Softplus(x: usize, out: usize, n: i32, alpha: f32): void { run(SOFTPLUS, x, out, n, alpha); }
export function Floor(x: usize, out: usize, n: i32, alpha: f32): void { run(FLOOR, x, out, n, alpha); }
export function Ceil(x: usize, out: usize, n: i32, alpha: f32): void { run(CEIL, x, out, n, alpha); }
export function Round(x: usize, out: usize, n: i32, alpha: f32): void { run(ROUND, x, out, n, alpha); }
export function Sign(x: usize, out: usize, n: i32, alpha: f32): void { run(SIGN, x, out, n, alpha); }
export function LeakyRelu(x: usize, out: usize, n: i32, alpha: f32): void { run(LEAKYRELU, x, out, n, alpha); }
export function Step(x: usize, out: usize, n: i32, alpha: f32): void { run(STEP, x, out, n, alpha); }
export function Sin(x: usize, out: usize, n: i32, alpha: f32): void { run(SIN, x, out, n, alpha); }
export function Cos(x: usize, out: usize, n: i32, alpha: f32): void { run(COS, x, out, n, alpha); }
export function Tan(x: usize, out: usize, n: i32, alpha: f32): void { run(TAN, x, out, n, alpha); }
export function Asin(x: usize, out: usize, n: i32, alpha: f32): void { run(ASIN, x, out, n, alpha); }
export function Acos(x: usize, out: usize, n: i32, alpha: f32): void { run(ACOS, x, out, n, alpha); }
export function Atan(x: usize, out: usize, n: i32, alpha: f32): void { run(ATAN, x, out, n, alpha); }
export function Sinh(x: usize, out: usize, n: i32, alpha: f32): void { run(SINH, x, out, n, alpha); }
export function Cosh(x: usize, out: usize, n: i32, alpha: f32): void { run(COSH, x, out, n, alpha); }
