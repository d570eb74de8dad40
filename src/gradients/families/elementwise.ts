// Gradients of the 'elementwise' family. Registered by ../register_all.ts.
// Comparisons, logic, isNaN and isFinite have none (bool outputs); floorDiv, sign, floor, ceil and round
// have zero gradients so that chains through them still differentiate.
import type { AnyGradConfig } from '../../core/gradients.js';
import { addGrad } from '../Add_grad.js';
import { subGrad } from '../Sub_grad.js';
import { mulGrad } from '../Mul_grad.js';
import { negGrad } from '../Neg_grad.js';
import { expGrad } from '../Exp_grad.js';
import { realDivGrad } from '../RealDiv_grad.js';
import { floorDivGrad } from '../FloorDiv_grad.js';
import { floorModGrad } from '../FloorMod_grad.js';
import { powGrad } from '../Pow_grad.js';
import { maximumGrad, minimumGrad } from '../Maximum_grad.js';
import { squaredDifferenceGrad } from '../SquaredDifference_grad.js';
import { atan2Grad } from '../Atan2_grad.js';
import { selectGrad } from '../Select_grad.js';
import { clipByValueGrad } from '../ClipByValue_grad.js';
import { absGrad } from '../Abs_grad.js';
import { signGrad } from '../Sign_grad.js';
import { floorGrad } from '../Floor_grad.js';
import { ceilGrad } from '../Ceil_grad.js';
import { roundGrad } from '../Round_grad.js';
import { squareGrad } from '../Square_grad.js';
import { expm1Grad } from '../Expm1_grad.js';
import { logGrad } from '../Log_grad.js';
import { log1pGrad } from '../Log1p_grad.js';
import { sqrtGrad } from '../Sqrt_grad.js';
import { rsqrtGrad } from '../Rsqrt_grad.js';
import { reciprocalGrad } from '../Reciprocal_grad.js';
import { sinGrad } from '../Sin_grad.js';
import { cosGrad } from '../Cos_grad.js';
import { tanGrad } from '../Tan_grad.js';
import { asinGrad } from '../Asin_grad.js';
import { acosGrad } from '../Acos_grad.js';
import { atanGrad } from '../Atan_grad.js';
import { sinhGrad } from '../Sinh_grad.js';
import { coshGrad } from '../Cosh_grad.js';
import { tanhGrad } from '../Tanh_grad.js';
import { erfGrad } from '../Erf_grad.js';

export const grads: AnyGradConfig[] = [
  addGrad, subGrad, mulGrad, realDivGrad, floorDivGrad, floorModGrad, powGrad, maximumGrad, minimumGrad,
  squaredDifferenceGrad, atan2Grad, selectGrad, clipByValueGrad,
  negGrad, expGrad, absGrad, signGrad, floorGrad, ceilGrad, roundGrad, squareGrad, expm1Grad, logGrad, log1pGrad,
  sqrtGrad, rsqrtGrad, reciprocalGrad, sinGrad, cosGrad, tanGrad, asinGrad, acosGrad, atanGrad, sinhGrad, coshGrad,
  tanhGrad, erfGrad,
];
