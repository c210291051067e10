/**
 * Names and labels of pod containers in Docker, following cri-dockerd so the
 * runtime alone tells which pod, container and attempt a container belongs to.
 */
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_TYPE = 'io.kubernetes.docker.type';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const LABEL_ATTEMPT = 'io.kubernetes.sandbox.attempt';
export const LABEL_NODE = 'kubedeck.node';
export const LABEL_INIT = 'kubedeck.container.init';
/** Marks an ephemeral (kubectl debug) container: started once, never restarted. */
export const LABEL_EPHEMERAL = 'kubedeck.container.ephemeral';
export const LABEL_MANAGED = 'kubedeck.managed';

export const TYPE_SANDBOX = 'podsandbox';
export const TYPE_CONTAINER = 'container';

export interface PodRef {
  name: string;
  namespace: string;
  uid: string;
}

/** sandboxName is k8s_POD_<pod>_<ns>_<uid>_<attempt>. */
export function sandboxName(p: PodRef, attempt: number): string {
  return `k8s_POD_${p.name}_${p.namespace}_${p.uid}_${attempt}`;
}

/** containerName is k8s_<container>_<pod>_<ns>_<uid>_<attempt>. */
export function containerName(p: PodRef, container: string, attempt: number): string {
  return `k8s_${container}_${p.name}_${p.namespace}_${p.uid}_${attempt}`;
}

/** emptyDirVolumeName is the Docker volume backing an emptyDir (lives as long as the pod). */
export function emptyDirVolumeName(uid: string, volume: string): string {
  return `kubedeck-${uid}-${volume}`;
}

/** podLabels are the labels shared by every container and volume of a pod. */
export function podLabels(p: PodRef, node: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LABEL_POD_NAME]: p.name,
    [LABEL_POD_NAMESPACE]: p.namespace,
    [LABEL_POD_UID]: p.uid,
    [LABEL_NODE]: node,
    [LABEL_MANAGED]: 'true',
  };
}
