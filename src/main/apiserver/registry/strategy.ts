/**
 * Strategy: everything that differs between resources, declared in one place
 * per resource (registry/<resource>/strategy.ts), in the role of Kubernetes'
 * RESTCreateStrategy/RESTUpdateStrategy/RESTDeleteStrategy. The generic
 * storage (generic-resource.ts) does the rest identically for every resource.
 */
import type { KubeObject, Status } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';
import type { FieldError } from '../status';
import type { TablePrinter } from '../table/printer';
import type { FieldSchema } from './schema';
import type { RegistryDeleteOptions, WriteOptions } from './types';
import type { NameValidator } from './validation';

/** StrategyContext gives strategies the clock and read access to other objects. */
export interface StrategyContext {
  now(): Date;
  /** list reads current objects of another resource (e.g. services, to allocate a cluster IP). */
  listObjects(resource: string, namespace?: string): Promise<KubeObject[]>;
}

/** Strategy declares one resource's behaviour. */
export interface Strategy {
  /** Known fields, for fieldValidation. */
  schema: FieldSchema;
  /** Validates metadata.name (and generateName). */
  nameValidator: NameValidator;
  /**
   * applyDefaults fills defaults, run on every write (create, update, patch)
   * as Kubernetes does when decoding. Mutates obj.
   */
  applyDefaults?(obj: KubeObject): void;
  /** prepareForCreate sets server-owned fields on create (e.g. initial status). Mutates obj. */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void | Promise<void>;
  /** prepareForUpdate carries over server-owned fields from old on update (subresource: undefined for the main PUT/PATCH). Mutates obj. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext, subresource: string | undefined): void | Promise<void>;
  /** afterWrite runs once a create or update attempt finished, stored or not (releases in-flight allocations). */
  afterWrite?(obj: KubeObject): void;
  /** validate checks an object on create and update (metadata is checked generically). */
  validate?(obj: KubeObject): FieldError[];
  /** validateUpdate checks what may change (immutable fields). */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** validateStatusUpdate checks a status-subresource write. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * specOf returns the part of the object whose change bumps
   * metadata.generation (default: `spec`). Return undefined for kinds
   * without generation semantics (generation then stays 1... and is kept).
   */
  specOf?(obj: KubeObject): unknown;
  /** statusOnCreate: 'reset' (default for kinds with a status subresource) drops client-sent status on create. */
  keepStatusOnCreate?: boolean;
  /** allowCreateOnUpdate lets PUT create a missing object (endpoints, events, leases). */
  allowCreateOnUpdate?: boolean;
  /** fieldSelectors maps selectable fields beyond metadata.name/namespace to their value. */
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  /**
   * gracePeriod returns how many seconds deletion waits for someone else (the
   * kubelet) to confirm; 0 (default) deletes at once unless finalizers remain.
   */
  gracePeriod?(obj: KubeObject, opts: RegistryDeleteOptions): number;
  /** checkDelete refuses a deletion by throwing an ApiError (e.g. the built-in namespaces). */
  checkDelete?(obj: KubeObject): void;
  /** beforeDelete marks an object whose deletion is pending (namespace: phase Terminating). Mutates obj. */
  beforeDelete?(obj: KubeObject, ctx: StrategyContext): void;
  /** hasPendingFinalizers reports kind-specific finalizers (namespace spec.finalizers). */
  hasPendingFinalizers?(obj: KubeObject): boolean;
  /**
   * subresourceUpdates are the PUT/PATCH subresources that write one part of
   * the object (pods/ephemeralcontainers): take takes that part from the
   * client's object onto a copy of the stored one; validate checks the change.
   */
  subresourceUpdates?: Record<string, { take(input: KubeObject, old: KubeObject): KubeObject; validate(obj: KubeObject, old: KubeObject): FieldError[] }>;
  /** createSubresource handles POSTs to subresources such as pods/binding. */
  createSubresource?: Record<string, SubresourceHandler>;
  /** The Table printer for `kubectl get`. */
  printer: TablePrinter;
}

/** ObjectUpdater is what a subresource handler may do with its resource's objects. */
export interface ObjectUpdater {
  readonly info: ResourceInfo;
  /** now is the registry's clock. */
  now(): Date;
  /**
   * updateObject reads the object, lets mutate change it (throw to refuse)
   * and writes it back, retrying on concurrent writes; mutate may run more than once.
   * The change is trusted (the handler is server code): only validate() runs,
   * not the immutability checks of validateUpdate().
   */
  updateObject(
    namespace: string | undefined,
    name: string,
    mutate: (obj: KubeObject) => void,
    opts: WriteOptions & { subresource?: string },
  ): Promise<KubeObject>;
}

/** SubresourceHandler serves a POST to one subresource. */
export type SubresourceHandler = (
  r: ObjectUpdater,
  namespace: string | undefined,
  name: string,
  body: unknown,
  opts: WriteOptions,
) => Promise<KubeObject | Status>;

/** ResourceDefinition pairs a served resource with its strategy. */
export interface ResourceDefinition {
  info: ResourceInfo;
  strategy: Strategy;
}
