/**
 * The contract between the HTTP layer (apiserver/http) and the registry
 * (generic REST storage plus one strategy per resource under registry/<resource>/).
 * The in-process client (src/main/client) calls the same Resource methods, so
 * both paths share one set of semantics. Every failure is thrown as an
 * ApiError (src/shared/errors.ts) carrying a metav1.Status.
 */
import type { DeleteOptions, KubeList, KubeObject, Status, Table, WatchEvent } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type PatchType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/apply-patch+yaml';

/** WriteOptions are the query parameters every write understands. */
export interface WriteOptions {
  /** dryRun=All: validate and default, store nothing. */
  dryRun?: boolean;
  /** Unknown/duplicate field handling (the server's default, as in Kubernetes, is Warn). */
  fieldValidation?: FieldValidation;
  fieldManager?: string;
  /** Filled by the registry with warnings to send as `Warning: 299 - "…"` headers. */
  warnings?: string[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** "" or "0" = any (serve current state); otherwise a revision. */
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  /** Also replay current state as ADDED (true when resourceVersion is unset or "0"). */
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

/** WatchSink receives events; return false to ask the producer to stop. */
export interface WatchSink {
  event(ev: WatchEvent): void;
  /** The watch ended (error already sent as an ERROR event if any). */
  close(): void;
}

/** WatchHandle stops a watch. */
export interface WatchHandle {
  stop(): void;
}

/** RegistryDeleteOptions: DeleteOptions from the body/query, with dryRun folded into WriteOptions' boolean. */
export type RegistryDeleteOptions = Omit<DeleteOptions, 'dryRun'> & WriteOptions;

/** Resource is the REST storage of one resource (all its verbs and subresources). */
export interface Resource {
  readonly info: ResourceInfo;
  get(namespace: string | undefined, name: string): Promise<KubeObject>;
  list(namespace: string | undefined, opts: ListOptions): Promise<KubeList>;
  /**
   * listJson serves the same list already serialised as JSON, from each
   * object's bytes cached per revision, when it can (no selectors); undefined
   * when the caller must use list.
   */
  listJson?(namespace: string | undefined, opts: ListOptions): Promise<string | undefined>;
  create(namespace: string | undefined, obj: unknown, opts: WriteOptions): Promise<KubeObject>;
  /** update replaces the object (PUT); subresource 'status' or 'scale' targets that part only. */
  update(namespace: string | undefined, name: string, obj: unknown, opts: WriteOptions & { subresource?: string }): Promise<KubeObject>;
  patch(
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<KubeObject>;
  /** delete starts deletion; returns the object (graceful/finalizers pending) or a Success Status. */
  delete(namespace: string | undefined, name: string, opts: RegistryDeleteOptions): Promise<KubeObject | Status>;
  deleteCollection(namespace: string | undefined, list: ListOptions, opts: RegistryDeleteOptions): Promise<KubeList>;
  /** getSubresource reads 'scale' or 'status'. */
  getSubresource(namespace: string | undefined, name: string, subresource: string): Promise<KubeObject>;
  /** createSubresource handles POST to e.g. pods/binding. */
  createSubresource(namespace: string | undefined, name: string, subresource: string, body: unknown, opts: WriteOptions): Promise<KubeObject | Status>;
  watch(namespace: string | undefined, opts: WatchOptions, sink: WatchSink): Promise<WatchHandle>;
  /** toTable renders objects as a meta.k8s.io/v1 Table (`wide` adds priority-1 columns' values; all columns are always declared). */
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table;
}

/** Registry holds every Resource. */
export interface Registry {
  resources(): readonly Resource[];
  lookup(group: string, version: string, resource: string): Resource | undefined;
}
