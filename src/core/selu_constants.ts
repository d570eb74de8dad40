/**
 * SELU constants (Klambauer et al. 2017, the values TF uses), shared by every backend's Selu kernel and by its
 * gradient. Not part of the public API.
 */
export const SELU_SCALE = 1.0507009873554804934193349852946;
export const SELU_ALPHA = 1.6732632423543772848170429916717;
