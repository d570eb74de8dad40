// js kernels of the 'elementwise' family: [kernel name, implementation]. Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import * as binary from '../kernels/binary.js';
import * as unary from '../kernels/unary.js';
import { select } from '../kernels/Select.js';
import { clipByValue } from '../kernels/ClipByValue.js';

export const kernels: KernelEntry[] = [
  // binary arithmetic
  kernel(K.Add, binary.add),
  kernel(K.Sub, binary.sub),
  kernel(K.Mul, binary.mul),
  kernel(K.RealDiv, binary.realDiv),
  kernel(K.FloorDiv, binary.floorDiv),
  kernel(K.FloorMod, binary.floorModK),
  kernel(K.Pow, binary.pow),
  kernel(K.Maximum, binary.maximum),
  kernel(K.Minimum, binary.minimum),
  kernel(K.SquaredDifference, binary.squaredDifference),
  kernel(K.Atan2, binary.atan2),
  // comparisons and logic
  kernel(K.Equal, binary.equal),
  kernel(K.NotEqual, binary.notEqual),
  kernel(K.Less, binary.less),
  kernel(K.LessEqual, binary.lessEqual),
  kernel(K.Greater, binary.greater),
  kernel(K.GreaterEqual, binary.greaterEqual),
  kernel(K.LogicalAnd, binary.logicalAnd),
  kernel(K.LogicalOr, binary.logicalOr),
  kernel(K.LogicalNot, unary.logicalNot),
  kernel(K.Select, select),
  kernel(K.ClipByValue, clipByValue),
  // unary
  kernel(K.Neg, unary.neg),
  kernel(K.Exp, unary.exp),
  kernel(K.Abs, unary.abs),
  kernel(K.Sign, unary.sign),
  kernel(K.Square, unary.square),
  kernel(K.Expm1, unary.expm1),
  kernel(K.Log, unary.log),
  kernel(K.Log1p, unary.log1p),
  kernel(K.Sqrt, unary.sqrt),
  kernel(K.Rsqrt, unary.rsqrt),
  kernel(K.Reciprocal, unary.reciprocal),
  kernel(K.Sin, unary.sin),
  kernel(K.Cos, unary.cos),
  kernel(K.Tan, unary.tan),
  kernel(K.Asin, unary.asin),
  kernel(K.Acos, unary.acos),
  kernel(K.Atan, unary.atan),
  kernel(K.Sinh, unary.sinh),
  kernel(K.Cosh, unary.cosh),
  kernel(K.Tanh, unary.tanh),
  kernel(K.Erf, unary.erf),
  kernel(K.Floor, unary.floor),
  kernel(K.Ceil, unary.ceil),
  kernel(K.Round, unary.round),
  kernel(K.IsNan, unary.isNan),
  kernel(K.IsFinite, unary.isFinite),
];
