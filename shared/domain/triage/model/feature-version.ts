/**
 * Which features the trained model reads (`features.ts`). Bump when what a feature means changes:
 * the model file records the version it was trained on and a model of another version is refused.
 * Its own file so the model schema can check it without importing the language layer.
 */
export const FEATURE_VERSION = 3;
