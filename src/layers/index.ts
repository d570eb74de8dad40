// tl.layers: TF 1.x layers as functions (dense, conv2d, ...) and as classes (Dense, Conv2D, ...), plus the
// Keras-only layer classes tl.keras.layers re-exports, and the Layer base contract.
export { Layer, KerasTensor, registerLayer, serializeLayer, deserializeLayer, getRegisteredLayer, layerShape } from './base_layer.js';
export type { Shape, LayerArgs, CallArgs, AddWeightOptions, LayerClass } from './base_layer.js';
export {
  Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise,
} from './core.js';
export type { DenseOptions, KernelLayerOptions, DropoutLayerOptions } from './core.js';
export { Conv, Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D } from './conv.js';
export type { ConvOptions, SeparableConvOptions } from './conv.js';
export {
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
} from './pooling.js';
export type { PoolingOptions } from './pooling.js';
export { BatchNormalization, LayerNormalization } from './normalization.js';
export type { BatchNormalizationOptions, LayerNormalizationOptions } from './normalization.js';
export { Embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum } from './merge.js';
export { LeakyReLU, ReLU, Softmax, ZeroPadding2D, UpSampling2D } from './activation_layers.js';
export {
  dense, conv1d, conv2d, conv3d, conv2dTranspose, separableConv2d, maxPooling1d, maxPooling2d, maxPooling3d,
  averagePooling1d, averagePooling2d, averagePooling3d, flatten, dropout, batchNormalization, layerNormalization, embedding,
} from './functional.js';
export type { DropoutFnOptions } from './functional.js';
export { getActivation, serializeActivation, registerActivation } from './activations.js';
export { getInitializer, getRegularizer, getConstraint, serializeObject } from './serialization.js';
export { argScope, addArgScope } from './arg_scope.js';
