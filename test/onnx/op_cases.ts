/**
 * The operator cases: each is one ONNX node with its attributes and inputs, run by the importer and by
 * onnxruntime-node on the same model and inputs (test/onnx/operators.test.ts).
 */
import { A, type ElemType, type NodeSpec } from './make_model.js';

export interface InputSpec {
  type?: ElemType;
  dims: number[];
  /** Values; random in [lo, hi) when absent. */
  values?: number[];
  lo?: number;
  hi?: number;
  /** An initializer (shape arguments, weights) rather than a graph input. */
  init?: boolean;
  /** Leave this optional input out (its name is ''). */
  absent?: boolean;
}

export interface OpCase {
  name: string;
  op: string;
  attrs?: NodeSpec['attrs'];
  inputs: InputSpec[];
  outputs?: number;
  opset?: number;
  /** Output element types when not the first input's. */
  outTypes?: ElemType[];
  atol?: number;
}

const i64 = (values: number[]): InputSpec => ({ type: 'int64', dims: [values.length], values, init: true });
const f = (...dims: number[]): InputSpec => ({ dims });
const pos = (...dims: number[]): InputSpec => ({ dims, lo: 0.1, hi: 2 });

const unaryOps = ['Neg', 'Abs', 'Exp', 'Floor', 'Ceil', 'Sign', 'Erf', 'Sin', 'Cos', 'Tan', 'Tanh', 'Sigmoid', 'Relu', 'Softplus', 'Softsign', 'Atan', 'Sinh', 'Cosh', 'HardSwish'];
const binaryOps = ['Add', 'Sub', 'Mul', 'Div'];

export const CASES: OpCase[] = [
  ...unaryOps.map((op) => ({ name: op, op, inputs: [f(2, 3, 4)] })),
  { name: 'Mish', op: 'Mish', inputs: [f(2, 3, 4)], opset: 18 },
  { name: 'ConvTranspose 1-D', op: 'ConvTranspose', attrs: { strides: [2], output_padding: [1], pads: [1, 0] }, inputs: [f(1, 2, 4), { dims: [2, 3, 3], init: true }] },
  { name: 'Round half to even', op: 'Round', inputs: [{ dims: [6], values: [0.5, 1.5, 2.5, -0.5, -1.5, 2.4] }] },
  { name: 'Sqrt', op: 'Sqrt', inputs: [pos(3, 4)] },
  { name: 'Log', op: 'Log', inputs: [pos(3, 4)] },
  { name: 'Reciprocal', op: 'Reciprocal', inputs: [pos(3, 4)] },
  { name: 'Asin', op: 'Asin', inputs: [{ dims: [5], lo: -0.9, hi: 0.9 }] },
  { name: 'Acos', op: 'Acos', inputs: [{ dims: [5], lo: -0.9, hi: 0.9 }] },
  ...binaryOps.map((op) => ({ name: `${op} broadcast`, op, inputs: [f(2, 3, 4), pos(3, 1)] })),
  { name: 'Div int truncates', op: 'Div', inputs: [{ type: 'int32', dims: [4], values: [-7, 7, -7, 9] }, { type: 'int32', dims: [4], values: [2, -2, -2, 4] }] },
  { name: 'Pow', op: 'Pow', inputs: [pos(2, 3), f(3)] },
  { name: 'Mod fmod=1', op: 'Mod', attrs: { fmod: 1 }, inputs: [{ dims: [4], values: [-7, 7, -7.5, 9] }, { dims: [4], values: [2, -2, -2, 4] }] },
  { name: 'Mod int', op: 'Mod', inputs: [{ type: 'int32', dims: [4], values: [-7, 7, -7, 9] }, { type: 'int32', dims: [4], values: [3, -3, -3, 4] }] },
  { name: 'LeakyRelu alpha', op: 'LeakyRelu', attrs: { alpha: 0.3 }, inputs: [f(2, 5)] },
  { name: 'LeakyRelu default', op: 'LeakyRelu', inputs: [f(2, 5)] },
  { name: 'Elu alpha', op: 'Elu', attrs: { alpha: 0.7 }, inputs: [f(2, 5)] },
  { name: 'Selu', op: 'Selu', inputs: [f(2, 5)] },
  { name: 'Selu custom', op: 'Selu', attrs: { alpha: A.f(2), gamma: 0.5 }, inputs: [f(2, 5)] },
  { name: 'Celu', op: 'Celu', attrs: { alpha: A.f(2) }, inputs: [f(2, 5)] },
  { name: 'ThresholdedRelu', op: 'ThresholdedRelu', attrs: { alpha: 0.2 }, inputs: [f(2, 5)], opset: 10 },
  { name: 'PRelu per channel', op: 'PRelu', inputs: [f(2, 3, 2, 2), { dims: [3, 1, 1], init: true }] },
  { name: 'HardSigmoid', op: 'HardSigmoid', attrs: { alpha: 0.3, beta: 0.4 }, inputs: [{ dims: [2, 5], lo: -4, hi: 4 }] },
  { name: 'Gelu', op: 'Gelu', inputs: [f(2, 5)], opset: 20 },
  { name: 'Gelu tanh', op: 'Gelu', attrs: { approximate: 'tanh' }, inputs: [f(2, 5)], opset: 20 },
  ...['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'].map((op) => ({
    name: op, op, inputs: [{ type: 'int32' as const, dims: [2, 3], values: [1, 2, 3, 4, 5, 6] }, { type: 'int32' as const, dims: [3], values: [2, 2, 5] }], outTypes: ['bool' as const],
  })),
  ...['And', 'Or', 'Xor'].map((op) => ({ name: op, op, inputs: [{ type: 'bool' as const, dims: [4], values: [1, 1, 0, 0] }, { type: 'bool' as const, dims: [4], values: [1, 0, 1, 0] }] })),
  { name: 'Not', op: 'Not', inputs: [{ type: 'bool', dims: [3], values: [1, 0, 1] }] },
  { name: 'Where broadcast', op: 'Where', inputs: [{ type: 'bool', dims: [3, 1], values: [1, 0, 1] }, f(3, 4), f(4)], outTypes: ['float'] },
  { name: 'Min variadic', op: 'Min', inputs: [f(2, 3), f(3), f(2, 1)] },
  { name: 'Max variadic', op: 'Max', inputs: [f(2, 3), f(3)] },
  { name: 'Sum variadic', op: 'Sum', inputs: [f(2, 3), f(3), f(1)] },
  { name: 'Mean variadic', op: 'Mean', inputs: [f(2, 3), f(2, 3)] },
  { name: 'MatMul 2-D', op: 'MatMul', inputs: [f(3, 4), f(4, 5)] },
  { name: 'MatMul batched broadcast', op: 'MatMul', inputs: [f(2, 1, 3, 4), f(5, 4, 2)] },
  { name: 'MatMul 1-D x 2-D', op: 'MatMul', inputs: [f(4), f(4, 3)] },
  { name: 'MatMul 2-D x 1-D', op: 'MatMul', inputs: [f(3, 4), f(4)] },
  { name: 'Gemm', op: 'Gemm', inputs: [f(3, 4), f(4, 5), f(5)] },
  { name: 'Gemm alpha beta transA transB', op: 'Gemm', attrs: { alpha: 0.5, beta: A.f(2), transA: 1, transB: 1 }, inputs: [f(4, 3), f(5, 4), f(3, 5)] },
  { name: 'Gemm no C', op: 'Gemm', attrs: { transB: 1 }, inputs: [f(2, 4), f(3, 4)] },
  { name: 'Conv basic', op: 'Conv', inputs: [f(1, 2, 5, 5), { dims: [3, 2, 3, 3], init: true }] },
  { name: 'Conv pads strides bias', op: 'Conv', attrs: { pads: [1, 0, 2, 1], strides: [2, 1] }, inputs: [f(2, 2, 6, 5), { dims: [4, 2, 3, 2], init: true }, { dims: [4], init: true }] },
  { name: 'Conv dilations', op: 'Conv', attrs: { dilations: [2, 2] }, inputs: [f(1, 1, 7, 7), { dims: [2, 1, 3, 3], init: true }] },
  { name: 'Conv group', op: 'Conv', attrs: { group: 2 }, inputs: [f(1, 4, 5, 5), { dims: [6, 2, 3, 3], init: true }] },
  { name: 'Conv depthwise', op: 'Conv', attrs: { group: 3, pads: [1, 1, 1, 1] }, inputs: [f(1, 3, 4, 4), { dims: [3, 1, 3, 3], init: true }] },
  { name: 'Conv SAME_UPPER stride 2', op: 'Conv', attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] }, inputs: [f(1, 2, 6, 7), { dims: [2, 2, 3, 3], init: true }] },
  { name: 'Conv SAME_LOWER', op: 'Conv', attrs: { auto_pad: 'SAME_LOWER', strides: [2, 2] }, inputs: [f(1, 2, 6, 6), { dims: [2, 2, 2, 2], init: true }] },
  { name: 'Conv VALID', op: 'Conv', attrs: { auto_pad: 'VALID' }, inputs: [f(1, 2, 5, 5), { dims: [2, 2, 3, 3], init: true }] },
  { name: 'Conv 1-D', op: 'Conv', attrs: { pads: [1, 1], strides: [2] }, inputs: [f(2, 3, 9), { dims: [4, 3, 3], init: true }, { dims: [4], init: true }] },
  { name: 'ConvTranspose basic', op: 'ConvTranspose', inputs: [f(1, 2, 3, 3), { dims: [2, 3, 3, 3], init: true }] },
  { name: 'ConvTranspose strides pads', op: 'ConvTranspose', attrs: { strides: [2, 2], pads: [1, 1, 1, 1] }, inputs: [f(1, 2, 3, 4), { dims: [2, 3, 3, 3], init: true }, { dims: [3], init: true }] },
  { name: 'ConvTranspose output_padding', op: 'ConvTranspose', attrs: { strides: [2, 2], output_padding: [1, 1] }, inputs: [f(1, 2, 3, 3), { dims: [2, 2, 3, 3], init: true }] },
  { name: 'ConvTranspose output_shape', op: 'ConvTranspose', attrs: { strides: [2, 2], output_shape: [6, 6] }, inputs: [f(1, 1, 3, 3), { dims: [1, 2, 3, 3], init: true }] },
  { name: 'MaxPool 2x2', op: 'MaxPool', attrs: { kernel_shape: [2, 2], strides: [2, 2] }, inputs: [f(2, 3, 4, 4)] },
  { name: 'MaxPool pads', op: 'MaxPool', attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, inputs: [f(1, 2, 5, 5)] },
  { name: 'MaxPool ceil_mode', op: 'MaxPool', attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }, inputs: [f(1, 1, 5, 5)] },
  { name: 'MaxPool SAME_UPPER', op: 'MaxPool', attrs: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }, inputs: [f(1, 2, 5, 6)] },
  { name: 'MaxPool 1-D', op: 'MaxPool', attrs: { kernel_shape: [3], strides: [2] }, inputs: [f(2, 2, 9)] },
  { name: 'AveragePool', op: 'AveragePool', attrs: { kernel_shape: [2, 2], strides: [2, 2] }, inputs: [f(2, 3, 4, 4)] },
  { name: 'AveragePool pads exclude', op: 'AveragePool', attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, inputs: [f(1, 2, 4, 4)] },
  { name: 'AveragePool pads count_include_pad', op: 'AveragePool', attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 }, inputs: [f(1, 2, 4, 4)] },
  { name: 'AveragePool ceil_mode', op: 'AveragePool', attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }, inputs: [f(1, 1, 5, 5)] },
  { name: 'GlobalAveragePool', op: 'GlobalAveragePool', inputs: [f(2, 3, 4, 5)] },
  { name: 'GlobalMaxPool', op: 'GlobalMaxPool', inputs: [f(2, 3, 4, 5)] },
  { name: 'BatchNormalization', op: 'BatchNormalization', attrs: { epsilon: 1e-3 }, inputs: [f(2, 3, 2, 2), { dims: [3], init: true }, { dims: [3], init: true }, { dims: [3], init: true }, { dims: [3], lo: 0.5, hi: 2, init: true }] },
  { name: 'BatchNormalization 2-D', op: 'BatchNormalization', inputs: [f(4, 3), { dims: [3], init: true }, { dims: [3], init: true }, { dims: [3], init: true }, { dims: [3], lo: 0.5, hi: 2, init: true }] },
  { name: 'LayerNormalization', op: 'LayerNormalization', inputs: [f(2, 3, 4), { dims: [4], init: true }, { dims: [4], init: true }] },
  { name: 'LayerNormalization axis', op: 'LayerNormalization', attrs: { axis: 1, epsilon: 1e-3 }, inputs: [f(2, 3, 4), { dims: [3, 4], init: true }] },
  { name: 'InstanceNormalization', op: 'InstanceNormalization', inputs: [f(2, 3, 4, 2), { dims: [3], init: true }, { dims: [3], init: true }] },
  { name: 'Softmax opset 13 axis', op: 'Softmax', attrs: { axis: 1 }, inputs: [f(2, 3, 4)] },
  { name: 'Softmax opset 13 default', op: 'Softmax', inputs: [f(2, 3, 4)] },
  { name: 'Softmax opset 11 coerce 2-D', op: 'Softmax', inputs: [f(2, 3, 4)], opset: 11 },
  { name: 'LogSoftmax opset 11 axis 2', op: 'LogSoftmax', attrs: { axis: 2 }, inputs: [f(2, 3, 4)], opset: 11 },
  { name: 'LogSoftmax opset 13', op: 'LogSoftmax', attrs: { axis: 0 }, inputs: [f(2, 3, 4)] },
  { name: 'Hardmax', op: 'Hardmax', inputs: [f(3, 4)] },
  { name: 'ReduceSum opset 13 axes input', op: 'ReduceSum', inputs: [f(2, 3, 4), i64([1])] },
  { name: 'ReduceSum keepdims 0', op: 'ReduceSum', attrs: { keepdims: 0 }, inputs: [f(2, 3, 4), i64([0, 2])] },
  { name: 'ReduceSum no axes', op: 'ReduceSum', inputs: [f(2, 3)] },
  { name: 'ReduceSum noop_with_empty_axes', op: 'ReduceSum', attrs: { noop_with_empty_axes: 1 }, inputs: [f(2, 3)] },
  { name: 'ReduceSum opset 11 attr', op: 'ReduceSum', attrs: { axes: [-1] }, inputs: [f(2, 3, 4)], opset: 11 },
  { name: 'ReduceMean attr', op: 'ReduceMean', attrs: { axes: [1] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceMean opset 18 input', op: 'ReduceMean', inputs: [f(2, 3, 4), i64([1, 2])], opset: 18 },
  { name: 'ReduceMax', op: 'ReduceMax', attrs: { axes: [0], keepdims: 0 }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceMin', op: 'ReduceMin', attrs: { axes: [2] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceProd', op: 'ReduceProd', attrs: { axes: [1] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceL1', op: 'ReduceL1', attrs: { axes: [1] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceL2', op: 'ReduceL2', attrs: { axes: [1] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceLogSum', op: 'ReduceLogSum', attrs: { axes: [1] }, inputs: [pos(2, 3, 4)] },
  { name: 'ReduceLogSumExp', op: 'ReduceLogSumExp', attrs: { axes: [1] }, inputs: [f(2, 3, 4)] },
  { name: 'ReduceSumSquare', op: 'ReduceSumSquare', attrs: { axes: [0, 2], keepdims: 0 }, inputs: [f(2, 3, 4)] },
  { name: 'ArgMax', op: 'ArgMax', attrs: { axis: 1 }, inputs: [f(2, 3, 4)], outTypes: ['int64'] },
  { name: 'ArgMin keepdims 0', op: 'ArgMin', attrs: { axis: -1, keepdims: 0 }, inputs: [f(2, 3, 4)], outTypes: ['int64'] },
  { name: 'ArgMax select_last_index', op: 'ArgMax', attrs: { axis: 0, select_last_index: 1 }, inputs: [{ dims: [3, 2], values: [1, 5, 3, 5, 3, 0] }], outTypes: ['int64'] },
  { name: 'Reshape 0 and -1', op: 'Reshape', inputs: [f(2, 3, 4), i64([0, -1])] },
  { name: 'Reshape allowzero', op: 'Reshape', attrs: { allowzero: 1 }, inputs: [f(2, 3, 4), i64([4, 6])], opset: 14 },
  { name: 'Shape', op: 'Shape', inputs: [f(2, 3, 4)], outTypes: ['int64'] },
  { name: 'Shape start end', op: 'Shape', attrs: { start: 1, end: -1 }, inputs: [f(2, 3, 4, 5)], outTypes: ['int64'], opset: 15 },
  { name: 'Size', op: 'Size', inputs: [f(2, 3, 4)], outTypes: ['int64'] },
  { name: 'Flatten', op: 'Flatten', inputs: [f(2, 3, 4)] },
  { name: 'Flatten axis 0', op: 'Flatten', attrs: { axis: 0 }, inputs: [f(2, 3, 4)] },
  { name: 'Squeeze opset 13', op: 'Squeeze', inputs: [f(1, 3, 1, 4), i64([0, 2])] },
  { name: 'Squeeze opset 11 attr', op: 'Squeeze', attrs: { axes: [-2] }, inputs: [f(1, 3, 1, 4)], opset: 11 },
  { name: 'Unsqueeze opset 13', op: 'Unsqueeze', inputs: [f(3, 4), i64([0, -1])] },
  { name: 'Unsqueeze opset 11 attr', op: 'Unsqueeze', attrs: { axes: [1, 3] }, inputs: [f(3, 4)], opset: 11 },
  { name: 'Transpose perm', op: 'Transpose', attrs: { perm: [2, 0, 1] }, inputs: [f(2, 3, 4)] },
  { name: 'Transpose default', op: 'Transpose', inputs: [f(2, 3, 4)] },
  { name: 'Expand bidirectional', op: 'Expand', inputs: [f(3, 1), i64([2, 1, 4])] },
  { name: 'Tile', op: 'Tile', inputs: [f(2, 3), i64([2, 2])] },
  { name: 'Concat', op: 'Concat', attrs: { axis: -1 }, inputs: [f(2, 3), f(2, 2), f(2, 1)] },
  { name: 'Split equal', op: 'Split', attrs: { axis: 1 }, inputs: [f(2, 6)], outputs: 3 },
  { name: 'Split sizes opset 13', op: 'Split', inputs: [f(5, 2), i64([2, 3])], outputs: 2 },
  { name: 'Split attr opset 11', op: 'Split', attrs: { split: [1, 3] }, inputs: [f(4, 2)], outputs: 2, opset: 11 },
  { name: 'Split num_outputs uneven', op: 'Split', attrs: { num_outputs: 3 }, inputs: [f(7, 2)], outputs: 3, opset: 18 },
  { name: 'Slice', op: 'Slice', inputs: [f(4, 5), i64([1, 0]), i64([3, 4])] },
  { name: 'Slice axes steps', op: 'Slice', inputs: [f(4, 6), i64([0]), i64([6]), i64([1]), i64([2])] },
  { name: 'Slice negative step', op: 'Slice', inputs: [f(4, 6), i64([-1]), i64([-1000]), i64([1]), i64([-2])] },
  { name: 'Slice negative bounds clamp', op: 'Slice', inputs: [f(4, 6), i64([-3, 1]), i64([9999, -1])] },
  { name: 'Slice opset 9 attrs', op: 'Slice', attrs: { starts: [1], ends: [100], axes: [1] }, inputs: [f(3, 5)], opset: 9 },
  { name: 'Gather axis 0', op: 'Gather', inputs: [f(5, 3), { type: 'int64', dims: [2, 2], values: [0, 4, -1, 2], init: true }] },
  { name: 'Gather axis 1 fed indices', op: 'Gather', attrs: { axis: 1 }, inputs: [f(2, 4), { type: 'int64', dims: [3], values: [3, -4, 1] }] },
  { name: 'GatherElements', op: 'GatherElements', attrs: { axis: 1 }, inputs: [f(3, 3), { type: 'int64', dims: [3, 2], values: [0, 2, 1, 1, -1, 0], init: true }] },
  { name: 'GatherND', op: 'GatherND', inputs: [f(2, 3, 4), { type: 'int64', dims: [2, 2], values: [0, 1, 1, 2], init: true }] },
  { name: 'ScatterND', op: 'ScatterND', inputs: [f(4, 3), { type: 'int64', dims: [2, 1], values: [1, 3], init: true }, f(2, 3)] },
  { name: 'ScatterND add', op: 'ScatterND', attrs: { reduction: 'add' }, inputs: [f(4, 3), { type: 'int64', dims: [2, 1], values: [1, 3], init: true }, f(2, 3)], opset: 16 },
  { name: 'Pad constant opset 11', op: 'Pad', inputs: [f(2, 3), i64([1, 0, 0, 2]), { dims: [], values: [1.5], init: true }] },
  { name: 'Pad reflect', op: 'Pad', attrs: { mode: 'reflect' }, inputs: [f(3, 4), i64([0, 2, 0, 1])] },
  { name: 'Pad edge', op: 'Pad', attrs: { mode: 'edge' }, inputs: [f(3, 4), i64([2, 1, 1, 3])] },
  { name: 'Pad wrap', op: 'Pad', attrs: { mode: 'wrap' }, inputs: [f(3, 4), i64([1, 2, 1, 0])], opset: 19 },
  { name: 'Pad negative crops', op: 'Pad', inputs: [f(4, 5), i64([-1, 1, 0, -2])] },
  { name: 'Pad opset 2 attrs', op: 'Pad', attrs: { pads: [0, 1, 0, 1], value: 2.5 }, inputs: [f(2, 3)], opset: 10 },
  { name: 'Pad axes opset 18', op: 'Pad', inputs: [f(2, 3, 2), i64([1, 2]), { absent: true, dims: [] }, i64([1])], opset: 18 },
  { name: 'Identity', op: 'Identity', inputs: [f(2, 3)] },
  { name: 'Dropout inference', op: 'Dropout', inputs: [f(2, 3)] },
  { name: 'Cast float to int64', op: 'Cast', attrs: { to: 7 }, inputs: [{ dims: [4], values: [1.7, -1.7, 3, 0.2] }], outTypes: ['int64'] },
  { name: 'Cast int64 to float', op: 'Cast', attrs: { to: 1 }, inputs: [{ type: 'int64', dims: [3], values: [1, -5, 7] }], outTypes: ['float'] },
  { name: 'Cast float to bool', op: 'Cast', attrs: { to: 9 }, inputs: [{ dims: [3], values: [0, 2, -0.5] }], outTypes: ['bool'] },
  { name: 'Cast to double', op: 'Cast', attrs: { to: 11 }, inputs: [f(3)], outTypes: ['double'] },
  { name: 'CastLike', op: 'CastLike', inputs: [{ type: 'int32', dims: [3], values: [1, 2, 3] }, { dims: [1], init: true }], outTypes: ['float'], opset: 15 },
  { name: 'Clip opset 11 inputs', op: 'Clip', inputs: [f(3, 4), { dims: [], values: [-0.3], init: true }, { dims: [], values: [0.4], init: true }] },
  { name: 'Clip only max', op: 'Clip', inputs: [f(3, 4), { absent: true, dims: [] }, { dims: [], values: [0.1], init: true }] },
  { name: 'Clip opset 6 attrs', op: 'Clip', attrs: { min: -0.2, max: 0.5 }, inputs: [f(3, 4)], opset: 7 },
  { name: 'Range', op: 'Range', inputs: [{ dims: [], values: [1], init: true }, { dims: [], values: [3.5], init: true }, { dims: [], values: [0.5], init: true }] },
  { name: 'Range int negative', op: 'Range', inputs: [{ type: 'int64', dims: [], values: [10], init: true }, { type: 'int64', dims: [], values: [2], init: true }, { type: 'int64', dims: [], values: [-3], init: true }] },
  { name: 'ConstantOfShape', op: 'ConstantOfShape', attrs: { value: A.t({ type: 'float', dims: [1], values: [2.5] }) }, inputs: [i64([2, 3])], outTypes: ['float'] },
  { name: 'TopK largest', op: 'TopK', attrs: { axis: 1 }, inputs: [{ dims: [2, 5], values: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3] }, i64([3])], outputs: 2, outTypes: ['float', 'int64'] },
  { name: 'TopK smallest axis 0', op: 'TopK', attrs: { axis: 0, largest: 0 }, inputs: [f(4, 3), i64([2])], outputs: 2, outTypes: ['float', 'int64'] },
  { name: 'OneHot', op: 'OneHot', inputs: [{ type: 'int64', dims: [3], values: [0, 2, -1] }, { type: 'int64', dims: [], values: [4], init: true }, { dims: [2], values: [0, 3], init: true }], outTypes: ['float'] },
  { name: 'OneHot axis 0', op: 'OneHot', attrs: { axis: 0 }, inputs: [{ type: 'int64', dims: [2, 2], values: [0, 1, 2, 1] }, { type: 'int64', dims: [], values: [3], init: true }, { dims: [2], values: [-1, 1], init: true }], outTypes: ['float'] },
  { name: 'Trilu upper', op: 'Trilu', inputs: [f(2, 3, 4)], opset: 14 },
  { name: 'Trilu lower k', op: 'Trilu', attrs: { upper: 0 }, inputs: [f(4, 4), { type: 'int64', dims: [], values: [-1], init: true }], opset: 14 },
  { name: 'CumSum', op: 'CumSum', inputs: [f(2, 4), { type: 'int64', dims: [], values: [1], init: true }] },
  { name: 'CumSum exclusive reverse', op: 'CumSum', attrs: { exclusive: 1, reverse: 1 }, inputs: [f(2, 4), { type: 'int64', dims: [], values: [0], init: true }] },
  { name: 'NonZero', op: 'NonZero', inputs: [{ dims: [2, 3], values: [0, 1, 0, 2, 0, 3] }], outTypes: ['int64'] },
  { name: 'Resize nearest scales (half_pixel, round_prefer_floor)', op: 'Resize', inputs: [f(1, 1, 2, 3), { absent: true, dims: [] }, { dims: [4], values: [1, 1, 2, 1.5], init: true }] },
  { name: 'Resize nearest sizes asymmetric floor', op: 'Resize', attrs: { coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, inputs: [f(1, 2, 3, 3), { absent: true, dims: [] }, { absent: true, dims: [] }, i64([1, 2, 5, 7])] },
  { name: 'Resize nearest downsample round_prefer_ceil', op: 'Resize', attrs: { nearest_mode: 'round_prefer_ceil' }, inputs: [f(1, 1, 6, 6), { absent: true, dims: [] }, { dims: [4], values: [1, 1, 0.5, 0.5], init: true }] },
  { name: 'Resize linear half_pixel', op: 'Resize', attrs: { mode: 'linear' }, inputs: [f(1, 2, 3, 4), { absent: true, dims: [] }, { dims: [4], values: [1, 1, 2, 2], init: true }] },
  { name: 'Resize linear align_corners sizes', op: 'Resize', attrs: { mode: 'linear', coordinate_transformation_mode: 'align_corners' }, inputs: [f(1, 1, 3, 3), { absent: true, dims: [] }, { absent: true, dims: [] }, i64([1, 1, 5, 4])] },
  { name: 'Resize linear pytorch_half_pixel downsample', op: 'Resize', attrs: { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' }, inputs: [f(1, 1, 5, 5), { absent: true, dims: [] }, { absent: true, dims: [] }, i64([1, 1, 2, 3])] },
  { name: 'Resize linear asymmetric', op: 'Resize', attrs: { mode: 'linear', coordinate_transformation_mode: 'asymmetric' }, inputs: [f(1, 1, 2, 4), { absent: true, dims: [] }, { dims: [4], values: [1, 1, 3, 2], init: true }] },
  { name: 'Resize axes opset 18', op: 'Resize', attrs: { axes: [2, 3] }, inputs: [f(1, 1, 2, 3), { absent: true, dims: [] }, { dims: [2], values: [2, 2], init: true }], opset: 18 },
  { name: 'Resize opset 10 nearest', op: 'Resize', inputs: [f(1, 1, 2, 3), { dims: [4], values: [1, 1, 2, 2], init: true }], opset: 10 },
  { name: 'Resize opset 10 linear', op: 'Resize', attrs: { mode: 'linear' }, inputs: [f(1, 1, 2, 3), { dims: [4], values: [1, 1, 2, 2], init: true }], opset: 10 },
  { name: 'Upsample opset 9 nearest', op: 'Upsample', inputs: [f(1, 1, 2, 3), { dims: [4], values: [1, 1, 2, 3], init: true }], opset: 9 },
  { name: 'Upsample opset 7 attr', op: 'Upsample', attrs: { scales: A.floats([1, 1, 2, 2]), mode: 'nearest' }, inputs: [f(1, 2, 2, 2)], opset: 7 },
];
