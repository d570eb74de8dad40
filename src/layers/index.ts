// tl.layers: TF 1.x layers as functions (dense, conv2d, ...) and as classes (Dense, Conv2D, ...), plus the
// Keras-only layer classes tl.keras.layers re-exports, and the Layer base contract.
export { Layer, KerasTensor, registerLayer, serializeLayer, deserializeLayer, getRegisteredLayer, layerShape } from './base_layer.js';
export type { Shape, LayerArgs, CallArgs, AddWeightOptions, LayerClass } from './base_layer.js';
export {
  Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise,
} from './core.js';
export type { DenseOptions, KernelLayerOptions, DropoutLayerOptions } from './core.js';
export { Conv, Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose } from './conv.js';
export type { ConvOptions } from './conv.js';
export { DepthwiseConv2D, SeparableConv1D, SeparableConv2D } from './separable_conv.js';
export type { DepthwiseConv2DOptions, SeparableConvOptions } from './separable_conv.js';
export {
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
} from './pooling.js';
export type { PoolingOptions, GlobalPoolingOptions } from './pooling.js';
export { BatchNormalization, LayerNormalization } from './normalization.js';
export type { BatchNormalizationOptions, LayerNormalizationOptions } from './normalization.js';
export { Embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot } from './merge.js';
export { LeakyReLU, ReLU, Softmax, PReLU, ELU, ThresholdedReLU } from './activation_layers.js';
export type { PReLUOptions } from './activation_layers.js';
export {
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D,
} from './spatial.js';
export type { SpatialLayerOptions, UpSamplingOptions } from './spatial.js';
export { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianDropout, AlphaDropout } from './noise.js';
export type { SpatialDropoutOptions } from './noise.js';
export {
  dense, conv1d, conv2d, conv3d, conv2dTranspose, conv3dTranspose, separableConv1d, separableConv2d, maxPooling1d, maxPooling2d, maxPooling3d,
  averagePooling1d, averagePooling2d, averagePooling3d, flatten, dropout, batchNormalization, layerNormalization, embedding,
} from './functional.js';
export type { DropoutFnOptions } from './functional.js';
export { getActivation, serializeActivation, registerActivation } from './activations.js';
export { getInitializer, getRegularizer, getConstraint, serializeObject } from './serialization.js';
export { argScope, addArgScope } from './arg_scope.js';
