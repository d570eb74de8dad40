// js kernels of the 'elementwise' family: [kernel name, implementation]. Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import * as binary from '../kernels/binary.js';
import * as unary from '../kernels/unary.js';
import { select } from '../kernels/Select.js';
import { clipByValue } from '../kernels/ClipByValue.js';

export const kernels: [string, KernelFn][] = [
  // binary arithmetic
  [K.Add, binary.add],
  [K.Sub, binary.sub],
  [K.Mul, binary.mul],
  [K.RealDiv, binary.realDiv],
  [K.FloorDiv, binary.floorDiv],
  [K.FloorMod, binary.floorModK],
  [K.Pow, binary.pow],
  [K.Maximum, binary.maximum],
  [K.Minimum, binary.minimum],
  [K.SquaredDifference, binary.squaredDifference],
  [K.Atan2, binary.atan2],
  // comparisons and logic
  [K.Equal, binary.equal],
  [K.NotEqual, binary.notEqual],
  [K.Less, binary.less],
  [K.LessEqual, binary.lessEqual],
  [K.Greater, binary.greater],
  [K.GreaterEqual, binary.greaterEqual],
  [K.LogicalAnd, binary.logicalAnd],
  [K.LogicalOr, binary.logicalOr],
  [K.LogicalNot, unary.logicalNot],
  [K.Select, select],
  [K.ClipByValue, clipByValue],
  // unary
  [K.Neg, unary.neg],
  [K.Exp, unary.exp],
  [K.Abs, unary.abs],
  [K.Sign, unary.sign],
  [K.Square, unary.square],
  [K.Expm1, unary.expm1],
  [K.Log, unary.log],
  [K.Log1p, unary.log1p],
  [K.Sqrt, unary.sqrt],
  [K.Rsqrt, unary.rsqrt],
  [K.Reciprocal, unary.reciprocal],
  [K.Sin, unary.sin],
  [K.Cos, unary.cos],
  [K.Tan, unary.tan],
  [K.Asin, unary.asin],
  [K.Acos, unary.acos],
  [K.Atan, unary.atan],
  [K.Sinh, unary.sinh],
  [K.Cosh, unary.cosh],
  [K.Tanh, unary.tanh],
  [K.Erf, unary.erf],
  [K.Floor, unary.floor],
  [K.Ceil, unary.ceil],
  [K.Round, unary.round],
  [K.IsNan, unary.isNan],
  [K.IsFinite, unary.isFinite],
];
