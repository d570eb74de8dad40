/**
 * Only intended functions reach `tl.*`. The graph-aware surface is generated from the ops barrel
 * (src/ops/index.ts), so a shape helper exported there would become public by accident; these tests fail when
 * one does.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../src/index.js';
import * as opsBarrel from '../src/ops/index.js';

// Helpers that were public by accident before the barrel listed ops only.
const SHAPE_HELPERS = [
  'checkScatterNDShapes', 'computePoolInfo', 'conv2dOutShape', 'conv3dOutShape', 'convPads', 'convertIndices',
  'expandDimsShape', 'gatherNDOutShape', 'gatherOutShape', 'matMulOutShape', 'rangeSize', 'resolveShape',
  'segmentSumOutShape', 'squeezeShape', 'INDEX_DTYPES', 'fmtShape',
  // their names today (renamed for what they are: shape inference with validation)
  'inferConv2dShape', 'inferConv3dShape', 'inferMatMulShape',
];

// How helper names are formed here: none of these may end a public name.
const HELPER_NAME = /(OutShape|OutputShape|Shapes?|Spec|Info|Pads|Size|Attrs)$/;

// tl's functions that are not ops of the barrel: the engine and graph API, written by hand in index.ts and
// graph/index.ts. A new one is added here on purpose, never by accident.
const NON_OP_FUNCTIONS = new Set([
  'Tensor', 'Variable', 'variable', 'info', 'grad', 'grads', 'valueAndGrad', 'valueAndGrads', 'variableGrads',
  'setBackend', 'getBackend', 'backends', 'ready', 'device', 'deviceToBackend', 'tidy', 'keep', 'dispose', 'memory',
  'setRandomSeed', 'loadDigits', 'loadDiabetes', 'setNumThreads', 'getNumThreads', 'getVariable', 'variableScope',
  'matMulAsync', 'clipByNorm', 'clipByGlobalNorm', 'globalNorm', 'localVariablesInitializer', 'localVariables', 'argScope',
]);

describe('public API: tl.* holds intended exports only', () => {
  it('no shape helper is public', () => {
    const leaked = SHAPE_HELPERS.filter((name) => name in tl);
    expect(leaked).toEqual([]);
  });

  it('no public function or value has a helper-like name', () => {
    expect(Object.keys(tl).filter((k) => HELPER_NAME.test(k))).toEqual([]);
  });

  it('every function of tl is an op of the barrel, an error class or a listed engine/graph function', () => {
    const ops = new Set(Object.keys(opsBarrel));
    const unexpected = Object.entries(tl)
      .filter(([name, v]) => typeof v === 'function')
      .map(([name]) => name)
      .filter((name) => !ops.has(name) && !NON_OP_FUNCTIONS.has(name) && !name.endsWith('Error') && !isGraphApi(name));
    expect(unexpected).toEqual([]);
  });
});

describe('public API: tl.summary', () => {
  it('holds the TensorBoard API and nothing else', () => {
    expect(Object.keys(tl.summary).sort()).toEqual([
      'FileWriter', 'SummaryWriter', 'audio', 'createFileWriter', 'decodeGraphDef', 'decodeSummary', 'defaultBucketLimits',
      'graphDefOf', 'histogram', 'image', 'merge', 'mergeAll', 'readEvents', 'scalar', 'summaryBytes', 'text',
    ]);
  });
});

// graph/index.ts is the hand-written graph API (Graph, Session, placeholder, gradients, ...): its exports are
// listed by that file itself.
import * as graphApi from '../src/graph/index.js';
function isGraphApi(name: string): boolean {
  return name in graphApi;
}

describe('tl.keras surface', () => {
  it('lists the intended names', () => {
    expect(Object.keys(tl.keras).sort()).toEqual(
      ['Input', 'InputLayer', 'Model', 'Sequential', 'callbacks', 'input', 'layers', 'losses', 'metrics', 'model', 'models', 'sequential'].sort(),
    );
    expect(Object.keys(tl.keras.callbacks).sort()).toEqual(
      ['CSVLogger', 'Callback', 'CallbackList', 'EarlyStopping', 'History', 'LambdaCallback', 'LearningRateScheduler', 'ModelCheckpoint', 'ProgbarLogger', 'ReduceLROnPlateau', 'TensorBoard'].sort(),
    );
    // tl.keras.layers: every layer class (tl.layers' and the input layer), Input, and one lower-camel factory per
    // class (tfjs names, plus tfjs' short pooling aliases).
    const classes = Object.keys(tl.keras.layers).filter((k) => /^[A-Z]/.test(k)).sort();
    expect(classes).toEqual([
      'Activation', 'ActivityRegularization', 'Add', 'AlphaDropout', 'Average', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
      'BatchNormalization', 'Concatenate', 'Conv', 'Conv1D', 'Conv1DTranspose', 'Conv2D', 'Conv2DTranspose', 'Conv3D', 'Conv3DTranspose',
      'Cropping1D', 'Cropping2D', 'Cropping3D', 'Dense', 'DepthwiseConv2D', 'Dot', 'Dropout', 'ELU', 'Embedding', 'Flatten', 'GaussianDropout',
      'GaussianNoise', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalAveragePooling3D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
      'GlobalMaxPooling3D', 'Input', 'InputLayer', 'KerasTensor', 'Lambda', 'Layer', 'LayerNormalization', 'LeakyReLU', 'MaxPooling1D',
      'MaxPooling2D', 'MaxPooling3D', 'Maximum', 'Minimum', 'Multiply', 'PReLU', 'Permute', 'ReLU', 'RepeatVector', 'Reshape', 'SeparableConv1D',
      'SeparableConv2D', 'Softmax', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'Subtract', 'ThresholdedReLU', 'UpSampling1D',
      'UpSampling2D', 'UpSampling3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D',
    ]);
    const factories = Object.keys(tl.keras.layers).filter((k) => /^[a-z]/.test(k)).sort();
    expect(factories).toEqual([
      'activation', 'activityRegularization', 'add', 'alphaDropout', 'average', 'averagePooling1d', 'averagePooling2d', 'averagePooling3d',
      'avgPool1d', 'avgPool2d', 'avgPool3d', 'batchNormalization', 'concatenate', 'conv1d', 'conv1dTranspose', 'conv2d', 'conv2dTranspose',
      'conv3d', 'conv3dTranspose', 'cropping1d', 'cropping2D', 'cropping2d', 'cropping3d', 'dense', 'depthwiseConv2d', 'dot', 'dropout', 'elu',
      'embedding', 'flatten', 'gaussianDropout', 'gaussianNoise', 'globalAveragePooling1d', 'globalAveragePooling2d', 'globalAveragePooling3d',
      'globalAvgPool1d', 'globalAvgPool2d', 'globalAvgPool3d', 'globalMaxPool1d', 'globalMaxPool2d', 'globalMaxPool3d', 'globalMaxPooling1d',
      'globalMaxPooling2d', 'globalMaxPooling3d', 'inputLayer', 'lambda', 'layerNormalization', 'leakyReLU', 'maxPool1d', 'maxPool2d',
      'maxPooling1d', 'maxPooling2d', 'maxPooling3d', 'maximum', 'minimum', 'multiply', 'permute', 'prelu', 'reLU', 'repeatVector', 'reshape',
      'separableConv1d', 'separableConv2d', 'softmax', 'spatialDropout1d', 'spatialDropout2d', 'spatialDropout3d', 'subtract',
      'thresholdedReLU', 'upSampling1d', 'upSampling2d', 'upSampling3d', 'zeroPadding1d', 'zeroPadding2d', 'zeroPadding3d',
    ]);
    expect(Object.keys(tl.keras.models).sort()).toEqual(['MODEL_FILE', 'WEIGHTS_FILE', 'loadModel', 'saveModel']);
  });
});

describe('public API: input pipelines, data sets, PNG output, errors', () => {
  it('tl.data, tl.datasets, tl.io and tl.errors hold exactly the intended members', () => {
    expect(Object.keys(tl.data).sort()).toEqual(['Dataset', 'DatasetIterator', 'Iterator', 'StringSpec', 'TensorSpec', 'TextLineDataset', 'csv']);
    expect(Object.keys(tl.datasets).sort()).toEqual(['diabetes', 'digits', 'fashionMnist', 'iris', 'mnist', 'readDataSets']);
    for (const f of ['encodePng', 'writePng', 'imageGrid']) expect(typeof (tl.io as Record<string, unknown>)[f]).toBe('function');
    expect(tl.errors.OutOfRangeError).toBe(tl.OutOfRangeError);
    expect(new tl.errors.OutOfRangeError('x')).toBeInstanceOf(tl.TensorlaneError);
    expect(tl.errors.FailedPreconditionError).toBe(tl.FailedPreconditionError);
  });
});

describe('tl.nn', () => {
  it("holds tf.nn's names (camelCase), nothing else", () => {
    expect(Object.keys(tl.nn).sort()).toEqual([
      'atrousConv2d', 'avgPool', 'avgPool3d', 'batchNormalization', 'biasAdd', 'conv1d', 'conv2d', 'conv2dBackpropFilter', 'conv2dBackpropInput',
      'conv2dTranspose', 'conv3d', 'conv3dTranspose', 'crelu', 'depthwiseConv2d', 'dropout', 'elu', 'embeddingLookup', 'fusedBatchNorm', 'gelu',
      'inTopK', 'l2Loss', 'l2Normalize', 'leakyRelu', 'localResponseNormalization', 'logSoftmax', 'lrn', 'maxPool', 'maxPool3d', 'moments', 'relu',
      'relu6', 'reluLayer', 'selu', 'separableConv2d', 'sigmoid', 'sigmoidCrossEntropyWithLogits', 'silu', 'softmax', 'softmaxCrossEntropyWithLogits',
      'softmaxCrossEntropyWithLogitsV2', 'softplus', 'softsign', 'sparseSoftmaxCrossEntropyWithLogits', 'swish', 'tanh', 'topK',
      'weightedCrossEntropyWithLogits', 'xwPlusB', 'zeroFraction',
    ]);
  });
});

describe('tl.onnx', () => {
  it('exposes load, export, toKeras, the model class and the supported opsets and operators, nothing else', () => {
    expect(Object.keys(tl.onnx).sort()).toEqual(['MAX_OPSET', 'MIN_OPSET', 'OnnxModel', 'export', 'exportableOps', 'kerasMappableOps', 'load', 'supportedOps', 'toKeras'].sort());
    expect(tl.onnx.kerasMappableOps()).toEqual(expect.arrayContaining(['Conv', 'Gemm', 'MatMul', 'BatchNormalization', 'Concat']));
  });
  it('installs toOnnxruntime on keras models and imported models', () => {
    expect(typeof tl.keras.Model.prototype.toOnnxruntime).toBe('function');
    expect(typeof tl.onnx.OnnxModel.prototype.toOnnxruntime).toBe('function');
    expect(tl.onnx.exportableOps()).toContain('lstmSequence');
  });
});
