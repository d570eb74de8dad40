/** tl.keras.models: loadModel / saveModel (see saving.ts). */
export { loadModel, saveModel, MODEL_FILE, WEIGHTS_FILE } from './saving.js';
