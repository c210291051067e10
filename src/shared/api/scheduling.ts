/**
 * The scheduler's explanation of a decision, as it writes it on the pod
 * (annotation `kubedeck.io/scheduling`, JSON) for the UI's "why this node /
 * why pending" view. Nodes are ordered: the chosen one, then feasible ones by
 * score, then the rest; large clusters list at most a bounded number and say
 * how many were `omitted`.
 */

/** SCHEDULING_ANNOTATION is the pod annotation holding an Explanation as JSON. */
export const SCHEDULING_ANNOTATION = 'kubedeck.io/scheduling';

export interface NodeVerdict {
  name: string;
  /** Passed every filter. */
  feasible: boolean;
  /** Why the node was filtered out (Kubernetes' reason strings, e.g. "Insufficient cpu"). */
  reasons?: string[];
  /** Score per plugin (0–100), for feasible nodes. */
  scores?: Record<string, number>;
  /** Weighted sum of the scores. */
  total?: number;
  /** For a node ruled out for lack of CPU or memory: what it has free and in all (millicores, bytes). */
  resources?: NodeResources;
}

/** NodeResources is a node's free and allocatable CPU (millicores) and memory (bytes) as the scheduler counts them. */
export interface NodeResources {
  freeMilliCPU: number;
  freeMemory: number;
  allocatableMilliCPU: number;
  allocatableMemory: number;
}

export interface Explanation {
  /** When the decision was made (RFC 3339). */
  time: string;
  /** The chosen node; absent when the pod did not fit anywhere. */
  node?: string;
  /** The FitError message when the pod did not fit ("0/3 nodes are available: …"). */
  message?: string;
  nodes: NodeVerdict[];
  /** The pod's requests as the scheduler counts them (millicores, bytes). */
  request?: { milliCPU: number; memory: number };
  /** Nodes evaluated but left out of `nodes` to keep the annotation small. */
  omitted?: number;
}

/** parseExplanation reads a pod's explanation annotation (undefined if absent or malformed). */
export function parseExplanation(annotations: Record<string, string> | undefined): Explanation | undefined {
  const raw = annotations?.[SCHEDULING_ANNOTATION];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Explanation;
    return v && Array.isArray(v.nodes) ? v : undefined;
  } catch {
    return undefined;
  }
}
