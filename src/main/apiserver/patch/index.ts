/** The PATCH algorithms of the API server: JSON merge, JSON patch and strategic merge. */
export { applyMergePatch } from './merge-patch';
export { applyJsonPatch } from './json-patch';
export { applyStrategicMergePatch } from './strategic-merge-patch';
