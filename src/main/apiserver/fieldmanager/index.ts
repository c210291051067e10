/** Field ownership (metadata.managedFields) and server-side apply's structured merge. */
export { FieldManager, LAST_APPLIED, applyConflict, type Writer } from './field-manager';
export { defaultManagerName } from './manager-name';
export { FieldSet, pathString } from './fieldset';
