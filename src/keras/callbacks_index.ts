/** tl.keras.callbacks. */
export {
  Callback, CallbackList, History, EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, LearningRateScheduler, CSVLogger,
  LambdaCallback,
} from './callbacks.js';
export type { CallbackLike, CallbackModel, CallbackParams, Logs, EarlyStoppingOptions, ModelCheckpointOptions, ReduceLROnPlateauOptions, LambdaCallbackHooks } from './callbacks.js';
export { ProgbarLogger } from './progress.js';
export { TensorBoard } from './tensorboard_callback.js';
export type { TensorBoardOptions } from './tensorboard_callback.js';
