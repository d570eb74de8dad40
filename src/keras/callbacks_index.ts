/** tl.keras.callbacks. */
export {
  Callback, CallbackList, History, EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, LearningRateScheduler, CSVLogger,
  LambdaCallback,
} from './callbacks.js';
export type { CallbackLike, CallbackModel, CallbackParams, Logs, EarlyStoppingOptions, ModelCheckpointOptions, ReduceLROnPlateauOptions, LambdaCallbackHooks } from './callbacks.js';
export { ProgbarLogger } from './progress.js';
